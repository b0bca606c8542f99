package dev.cdcsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every source must do into every target, written once in portable SQL: one subclass per source and target
 * pair supplies the fixture (the source's fixture knows the few statements that differ between source dialects, the
 * target side reads back what landed). Every test compares the target's rows with the source's, column by column.
 */
public abstract class SourceToTargetContract {

    protected SyncFixture p;

    protected abstract SyncFixture fixture(String label) throws Exception;

    @BeforeEach
    void createFixture(TestInfo info) throws Exception {
        p = fixture(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void closeFixture() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    /** Nothing: a key-less table; a primary key on the column where the target refuses key-less tables. */
    protected String keylessUnlessRefused() {
        return p.targetSide().keylessTables() ? "" : " PRIMARY KEY";
    }

    /** {@code (row(from)), ..., (row(to))} for an INSERT. */
    protected static String values(int from, int to, IntFunction<String> row) {
        StringJoiner all = new StringJoiner(", ");
        for (int i = from; i <= to; i++) {
            all.add("(" + row.apply(i) + ")");
        }
        return all.toString();
    }

    @Test
    void snapshotsExistingRowsThenStreamsInsertsUpdatesAndDeletes() throws Exception {
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, name varchar(100) NOT NULL, qty int)",
                "INSERT INTO items VALUES " + values(1, 500, i -> i + ", 'item " + i + "', " + i));
        p.start("items");
        p.awaitSame("items");
        assertThat(p.stats().snapshotRows()).isEqualTo(500);

        p.sourceSql("INSERT INTO items VALUES " + values(501, 700, i -> i + ", 'new " + i + "', 0"),
                "UPDATE items SET qty = qty * 10, name = CONCAT(name, '!') WHERE id % 3 = 0",
                "DELETE FROM items WHERE id % 7 = 0");
        p.source().setAutoCommit(false);
        p.sourceSql("UPDATE items SET qty = -1 WHERE id = 1", "UPDATE items SET qty = -2 WHERE id = 1");
        p.source().commit();
        p.source().setAutoCommit(true);
        p.awaitSame("items");
        assertThat(p.targetRows("items").size()).isEqualTo(700 - 100);
    }

    @Test
    void compositeKeysAreUpsertedAndDeletedByEveryKeyColumn() throws Exception {
        p.sourceSql("CREATE TABLE stock (warehouse varchar(20), sku int, qty int NOT NULL, PRIMARY KEY (warehouse, sku))",
                "INSERT INTO stock VALUES " + values(1, 50, i -> "'north', " + i + ", " + i),
                "INSERT INTO stock VALUES " + values(1, 50, i -> "'south', " + i + ", " + (100 + i)));
        p.start("stock");
        p.awaitSame("stock");

        p.sourceSql("UPDATE stock SET qty = 0 WHERE sku = 7",
                "DELETE FROM stock WHERE warehouse = 'north' AND sku > 40",
                "INSERT INTO stock VALUES ('north', 41, 1), ('east', 41, 2)");
        p.awaitSame("stock");
        p.targetSide().assertKeyedBy("stock", List.of("warehouse", "sku"));
    }

    @Test
    void primaryKeyChangeMovesTheRow() throws Exception {
        p.sourceSql("CREATE TABLE accounts (id int PRIMARY KEY, owner varchar(50))",
                "INSERT INTO accounts VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
        p.start("accounts");
        p.awaitSame("accounts");

        p.sourceSql("UPDATE accounts SET id = 100 WHERE id = 1",
                "UPDATE accounts SET id = 1, owner = 'bob again' WHERE id = 2");
        p.awaitSame("accounts");
        assertThat(p.targetRows("accounts").rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder("1", "3", "100");
        p.targetSide().assertKeyedBy("accounts", List.of("id"));
    }

    @Test
    void aPrimaryKeyReplacedOrAddedAtTheSourceBecomesTheTargetTablesKey() throws Exception {
        if (!p.targetSide().followsKeyChanges()) {
            aPrimaryKeyReplacedAtTheSourceStopsThePipelineNamingTheChange();
            return;
        }
        p.sourceSql("CREATE TABLE members (id int NOT NULL, code varchar(10) NOT NULL, name varchar(20), PRIMARY KEY (id))",
                "CREATE TABLE visits (who varchar(10) NOT NULL, n int)");
        p.prepareKeyless("visits");
        p.sourceSql("INSERT INTO members VALUES (1, 'a', 'ann'), (2, 'b', 'bob')", "INSERT INTO visits VALUES ('x', 1), ('y', 2)");
        p.start("members", "visits");
        p.awaitSame("members");
        p.awaitSame("visits");

        p.replacePrimaryKey("members", "code");
        p.sourceSql("ALTER TABLE visits ADD PRIMARY KEY (who)");
        // Under the old key (id) these would be a key change, a delete by id, and a clash on id 1.
        p.sourceSql("UPDATE members SET id = 10 WHERE code = 'a'", "DELETE FROM members WHERE code = 'b'",
                "INSERT INTO members VALUES (10, 'c', 'cy')",
                "UPDATE visits SET n = 5 WHERE who = 'x'", "DELETE FROM visits WHERE who = 'y'", "INSERT INTO visits VALUES ('z', 3)");
        p.awaitSame("members");
        p.awaitSame("visits");
        p.targetSide().assertKeyedBy("members", List.of("code"));
        p.targetSide().assertKeyedBy("visits", List.of("who"));
    }

    /** A target that cannot change a table's key (Cassandra) stops before it writes a row under the new key. */
    private void aPrimaryKeyReplacedAtTheSourceStopsThePipelineNamingTheChange() throws Exception {
        p.sourceSql("CREATE TABLE members (id int NOT NULL, code varchar(10) NOT NULL, PRIMARY KEY (id))",
                "INSERT INTO members VALUES (1, 'a'), (2, 'b')");
        p.start("members");
        p.awaitSame("members");
        p.replacePrimaryKey("members", "code");
        p.sourceSql("UPDATE members SET id = 10 WHERE code = 'a'");
        assertThatThrownBy(() -> p.awaitSame("members")).hasMessageContaining("primary key of")
                .hasMessageContaining("changed from (id) to (code)").hasMessageContaining("cannot");
        p.stop();
        assertThat(p.targetRows("members").rows()).as("nothing written under the new key")
                .containsExactlyInAnyOrder(List.of("1", "a"), List.of("2", "b"));
    }

    @Test
    void truncateEmptiesTheTargetTableAndLaterRowsArrive() throws Exception {
        p.sourceSql("CREATE TABLE logs (id int PRIMARY KEY, line varchar(100))",
                "INSERT INTO logs VALUES " + values(1, 100, i -> i + ", 'line " + i + "'"));
        p.start("logs");
        p.awaitSame("logs");

        p.sourceSql("TRUNCATE TABLE logs", "INSERT INTO logs VALUES (1, 'after truncate')");
        p.awaitSame("logs");
        assertThat(p.targetRows("logs").rows()).containsExactly(List.of("1", "after truncate"));
    }

    @Test
    void tableWithoutPrimaryKeyIsAppendedAndUpdatesMatchOneRowByOldValues() throws Exception {
        p.sourceSql("CREATE TABLE events (kind varchar(10), amount int)");
        p.prepareKeyless("events");
        p.sourceSql("INSERT INTO events VALUES ('a', 1), ('a', 1), ('b', NULL)");
        p.start("events");
        if (!p.targetSide().keylessTables()) {
            assertThatThrownBy(() -> p.awaitSame("events")).as("a target that refuses key-less tables says so")
                    .hasMessageContaining("events has no primary key").hasMessageContaining("give the source table a primary key");
            return;
        }
        p.awaitSame("events");

        p.sourceSql("INSERT INTO events VALUES ('a', 1), ('c', 3)");
        p.updateOneRow("events", "amount = 2", "kind = 'a'");
        p.sourceSql("DELETE FROM events WHERE kind = 'b'", "INSERT INTO events VALUES ('b', NULL)");
        p.awaitSame("events");
        assertThat(p.targetRows("events").size()).isEqualTo(5);
    }

    @Test
    void aTableWithoutPrimaryKeyKeyedByItsRouteIsUpsertedMovedAndDeletedByThatKey() throws Exception {
        p.sourceSql("CREATE TABLE visits (visitor varchar(10), day int, pages int, note varchar(20))");
        p.prepareKeyless("visits");
        p.sourceSql("INSERT INTO visits VALUES ('ann', 1, 3, 'x'), ('ann', 2, 5, NULL), ('bob', 1, 1, 'y')");
        p.start(p.keyedByRoute(List.of("visits"), "visits", List.of("visitor", "day"), List.of("visitor")));
        p.awaitSame("visits");
        p.targetSide().assertKeyedBy("visits", List.of("visitor", "day"));

        p.sourceSql("INSERT INTO visits VALUES ('cy', 4, 2, 'z')",
                "UPDATE visits SET pages = 6 WHERE visitor = 'ann' AND day = 2",
                "UPDATE visits SET day = 3, note = 'moved' WHERE visitor = 'bob' AND day = 1",
                "UPDATE visits SET visitor = 'dan' WHERE visitor = 'cy'",
                "DELETE FROM visits WHERE visitor = 'ann' AND day = 1");
        p.awaitSame("visits");
        assertThat(p.targetRows("visits").rows()).hasSize(3);
    }

    @Test
    void columnAddedAndWidenedAtTheSourceMidStreamReachesTheTarget() throws Exception {
        p.sourceSql("CREATE TABLE customers (id int PRIMARY KEY, name varchar(10))",
                "INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')");
        p.start("customers");
        p.awaitSame("customers");

        p.sourceSql("ALTER TABLE customers ADD COLUMN email varchar(100)",
                "INSERT INTO customers VALUES (3, 'cy', 'cy@example.com')",
                "UPDATE customers SET email = 'ann@example.com' WHERE id = 1");
        p.alterColumnType("customers", "name", "varchar(40)");
        p.sourceSql("INSERT INTO customers VALUES (4, 'a name longer than ten', NULL)");
        p.awaitSame("customers");
        p.targetSide().assertHoldsText("customers", "name", 40);
    }

    @Test
    void aColumnDroppedAtTheSourceLeavesTheTargetInEvolveMode() throws Exception {
        p.sourceSql("CREATE TABLE profiles (id int PRIMARY KEY, name varchar(20), legacy varchar(20))",
                "INSERT INTO profiles VALUES (1, 'ann', 'x'), (2, 'bob', 'y')");
        p.start(p.config(List.of("profiles"), EvolutionMode.EVOLVE));
        p.awaitSame("profiles");

        p.sourceSql("ALTER TABLE profiles DROP COLUMN legacy", "UPDATE profiles SET name = 'ann b' WHERE id = 1",
                "INSERT INTO profiles VALUES (3, 'cy')");
        p.awaitSame("profiles"); // the row not updated since (id 2) has lost the column too
    }

    @Test
    void aColumnAddedToOneTableLeavesTheLargeBatchesOfAnotherIntact() throws Exception {
        p.sourceSql("CREATE TABLE parts (id int PRIMARY KEY, weight int)",
                "CREATE TABLE labels (id int PRIMARY KEY, caption varchar(20))",
                "INSERT INTO parts VALUES " + values(1, 200, i -> i + ", " + i),
                "INSERT INTO labels VALUES " + values(1, 200, i -> i + ", 'label " + i + "'"));
        p.start("parts", "labels");
        p.awaitSame("parts");
        p.awaitSame("labels");

        // Upserts of 64 rows and more pass through a staging table per target table; after parts changes
        // shape it gets a new one, which must not take the place of labels' (the fault suite found it did).
        p.sourceSql("ALTER TABLE parts ADD COLUMN color varchar(10)", "UPDATE parts SET color = 'red', weight = weight + 1",
                "UPDATE labels SET caption = 'relabelled'");
        p.sourceSql("UPDATE parts SET weight = weight + 1", "UPDATE labels SET caption = 'again'");
        p.awaitSame("parts");
        p.awaitSame("labels");
    }

    @Test
    void hostileIdentifiersArriveVerbatim() throws Exception {
        String table = "Ta`b\"l;e ünï DROP";
        String column = "Co\"l; `ümn`";
        String t = p.quoteSource(table);
        String c = p.quoteSource(column);
        String id = p.quoteSource("I d");
        p.sourceSql("CREATE TABLE " + t + " (" + id + " int PRIMARY KEY, " + c + " varchar(20))",
                "INSERT INTO " + t + " VALUES (1, 'x'), (2, 'y')");
        p.start(table);
        p.awaitSame(table);

        p.sourceSql("UPDATE " + t + " SET " + c + " = 'z'", "INSERT INTO " + t + " VALUES (3, 'w')",
                "DELETE FROM " + t + " WHERE " + id + " = 1");
        p.awaitSame(table);
        assertThat(p.targetRows(table).columns()).containsExactly("I d", column);
    }

    @Test
    void aSourceTransactionIsNeverSeenHalfAppliedInTheTarget() throws Exception {
        assumeTrue(p.targetSide().transactional(), "the target writes a batch without a transaction (README: guarantees)");
        p.sourceSql("CREATE TABLE transfers (id int PRIMARY KEY, batch int NOT NULL)", "CREATE TABLE batches (id int PRIMARY KEY)");
        PipelineConfig base = p.config(List.of("transfers", "batches"), EvolutionMode.LENIENT);
        // Engine batches of 10 events: every source transaction below spans many of them.
        p.start(new PipelineConfig(base.name(), base.source(), base.target(), base.routes(), base.schemaEvolution(),
                base.deletes(), new BatchConfig(10, null, null), base.errors()));
        Set<Long> seenCounts = ConcurrentHashMap.newKeySet();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Exception> readerFailed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (reading.get()) {
                    Map<String, Long> perBatch = p.targetRows("transfers").rows().stream()
                            .collect(Collectors.groupingBy(row -> row.get(1), Collectors.counting()));
                    seenCounts.addAll(perBatch.values());
                }
            } catch (Exception e) {
                readerFailed.set(e);
            }
        });
        reader.start();
        // Write only once the pipeline streams: rows the snapshot reads are committed in engine batches.
        p.sourceSql("INSERT INTO batches VALUES (0)");
        p.awaitSame("batches");
        for (int b = 1; b <= 5; b++) {
            int batch = b;
            p.source().setAutoCommit(false);
            p.sourceSql("INSERT INTO transfers VALUES " + values(batch * 1000, batch * 1000 + 99, i -> i + ", " + batch),
                    "INSERT INTO batches VALUES (" + batch + ")",
                    "INSERT INTO transfers VALUES " + values(batch * 1000 + 100, batch * 1000 + 199, i -> i + ", " + batch));
            p.source().commit();
            p.source().setAutoCommit(true);
        }
        p.awaitSame("transfers");
        reading.set(false);
        reader.join();
        assertThat(readerFailed.get()).as("the target reader ran to the end").isNull();
        assertThat(seenCounts).as("the reader saw the transfers").isNotEmpty();
        assertThat(seenCounts).as("rows per source transaction a target reader saw").containsOnly(200L);
    }

    @Test
    void stopAndRestartResumesFromTheCheckpointWithNothingLostOrDoubled() throws Exception {
        p.sourceSql("CREATE TABLE orders (id int PRIMARY KEY, state varchar(10))",
                "CREATE TABLE audit (line varchar(40)" + keylessUnlessRefused() + ")",
                "INSERT INTO orders VALUES " + values(1, 300, i -> i + ", 'new'"),
                "INSERT INTO audit VALUES " + values(1, 50, i -> "'snapshot " + i + "'"));
        p.start("orders", "audit");
        p.awaitSame("orders");
        p.awaitSame("audit");
        p.sourceSql("INSERT INTO audit VALUES " + values(1, 20, i -> "'first run " + i + "'"));
        p.awaitSame("audit");
        p.stop();

        p.sourceSql("UPDATE orders SET state = 'paid' WHERE id <= 100",
                "DELETE FROM orders WHERE id > 290",
                "INSERT INTO orders VALUES " + values(1001, 1100, i -> i + ", 'late'"),
                "INSERT INTO audit VALUES " + values(1, 30, i -> "'while stopped " + i + "'"));
        p.start("orders", "audit");
        p.awaitSame("orders");
        p.awaitSame("audit");
        assertThat(p.stats().snapshotRows()).as("resumed from the checkpoint, no new snapshot").isZero();
        assertThat(p.targetRows("audit").size()).isEqualTo(100);
    }

    @Test
    void aLostSourceLogStopsWithHowToResyncAndWhenNeededStartsOverWithASnapshot() throws Exception {
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, v varchar(10))", "CREATE TABLE notes (line varchar(20)" + keylessUnlessRefused() + ")",
                "CREATE TABLE drained (id int PRIMARY KEY)",
                "INSERT INTO items VALUES (1, 'a'), (2, 'b')", "INSERT INTO notes VALUES ('first')",
                "INSERT INTO drained VALUES (1), (2)");
        p.start("items", "notes", "drained");
        p.awaitSame("items");
        p.awaitSame("notes");
        p.awaitSame("drained");
        p.sourceSql("INSERT INTO notes VALUES ('streamed')");
        p.awaitSame("notes");
        p.stop();
        p.sourceSql("DELETE FROM items WHERE id = 1", "INSERT INTO items VALUES (3, 'c')", "INSERT INTO notes VALUES ('gap')",
                "DELETE FROM drained");
        p.loseSourceLog();

        assertThatThrownBy(() -> p.start("items", "notes", "drained")).hasMessageContaining("gone")
                .hasMessageContaining("snapshot: when_needed");
        p.stop();
        assertThat(p.targetRows("items").size()).as("nothing written past the lost changes").isEqualTo(2);

        p.snapshot("when_needed");
        p.start("items", "notes", "drained");
        p.awaitSame("items");
        p.awaitSame("notes");
        p.awaitSame("drained");
        assertThat(p.targetRows("notes").size()).as("the new snapshot replaced the rows, not added to them").isEqualTo(3);
        assertThat(p.targetRows("drained").size()).as("a table empty at the source is emptied, though it sent no row")
                .isZero();
        p.sourceSql("INSERT INTO notes VALUES ('after')");
        p.awaitSame("notes");
    }
}
