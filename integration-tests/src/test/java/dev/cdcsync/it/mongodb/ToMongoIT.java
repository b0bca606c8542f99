package dev.cdcsync.it.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.MongoTarget;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.TableRows;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What only a MongoDB target has, beside the shared contract ({@link PostgresToMongoIT}, {@link MariaDbToMongoIT}):
 * unchanged TOAST values kept by {@code $set}, key-less replays, soft deletes, the BSON type table and name escaping.
 * Against the mongo-java-server stand-in (no real mongod on these machines).
 */
class ToMongoIT {

    private final MongoTarget mongo = MongoTarget.shared();

    @Test
    void anUnchangedLargeValueIsKeptByUpdatesAndKeyChanges() throws Exception {
        try (PostgresPipeline p = PostgresPipeline.create(PostgresServer.shared(), "toast_to_mongo")) {
            String db = mongo.newDatabase("toast_to_mongo");
            p.sourceSql("CREATE TABLE docs (id int PRIMARY KEY, title text, body text)",
                    "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL",
                    "INSERT INTO docs SELECT g, 'doc ' || g, repeat(md5(g::text), 200) FROM generate_series(1, 3) g");
            start(p, db, "docs");
            awaitSame(p, db, "docs");
            p.sourceSql("UPDATE docs SET title = 'renamed' WHERE id = 1", "UPDATE docs SET id = 200 WHERE id = 2");
            awaitSame(p, db, "docs");
        }
    }

    @Test
    void aKeylessTableHoldsEachRowOnceAfterAReplayFromAnOlderCheckpoint() throws Exception {
        try (MariaDbPipeline p = MariaDbPipeline.create(MariaDbServer.shared(), "replay_to_mongo")) {
            String db = mongo.newDatabase("replay_to_mongo");
            p.sourceSql("CREATE TABLE events (kind varchar(10), amount int)", "CREATE TABLE marker (id int PRIMARY KEY)",
                    "INSERT INTO events VALUES ('a', 1), ('a', 1), ('b', NULL)");
            start(p, db, "events", "marker");
            awaitSame(p, db, "events");
            Document older = checkpoint(db);
            p.sourceSql("INSERT INTO events VALUES ('a', 1), ('c', 3)", "INSERT INTO marker VALUES (1)");
            awaitSame(p, db, "events", "marker");
            p.stop();

            // As after a crash between the writes and their checkpoint: the source replays what the target holds.
            restoreCheckpoint(db, older);
            start(p, db, "events", "marker");
            p.sourceSql("INSERT INTO marker VALUES (2)");
            awaitSame(p, db, "marker");
            awaitSame(p, db, "events");
            assertThat(mongo.documents(db, "events")).as("nothing doubled by the replay").hasSize(5);
        }
    }

    @Test
    void softDeletesKeepDeletedDocumentsMarked() throws Exception {
        try (PostgresPipeline p = PostgresPipeline.create(PostgresServer.shared(), "soft_to_mongo")) {
            String db = mongo.newDatabase("soft_to_mongo");
            p.sourceSql("CREATE TABLE members (id int PRIMARY KEY, name text)",
                    "INSERT INTO members VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
            startDeleting(p, db, "soft", "members");
            p.sourceSql("DELETE FROM members WHERE id IN (2, 3)", "INSERT INTO members VALUES (3, 'cy again')");
            Await.until(SyncFixture.TIMEOUT, () -> assertThat(mongo.rows(db, "members", List.of("_id", "name", "__deleted")).rows())
                    .containsExactly(List.of("1", "ann", "f"), List.of("2", "bob", "t"), List.of("3", "cy again", "f")));
            assertThat(one(db, "members", 2).get("__deleted_at")).as("a BSON date").isInstanceOf(java.util.Date.class);
            assertThat(one(db, "members", 3).get("__deleted_at")).isNull();
        }
    }

    @Test
    void postgresValuesArriveExactlyAsTheTypeTableSaysAndHostileNamesAreEscapedReversibly() throws Exception {
        try (PostgresPipeline p = PostgresPipeline.create(PostgresServer.shared(), "types_to_mongo")) {
            String db = mongo.newDatabase("types_to_mongo");
            p.sourceSql("CREATE TABLE \"Ta$b.le\" (id int PRIMARY KEY, \"a.b\" text, \"$x\" int, u uuid, j jsonb,"
                    + " t3 timestamp(3), t6 timestamp(6), d date, n numeric(42,2), b bytea, arr int[], iv interval)",
                    "INSERT INTO \"Ta$b.le\" VALUES (1, 'dot', 7, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                    + " '{\"$set\": 1, \"price\": 1.10}', '2024-02-29 13:45:59.123', '2024-02-29 13:45:59.123456',"
                    + " '0044-03-15 BC', 1234567890123456789012345678901234567890.12, '\\x00ff', '{{1,2},{3,4}}', '1 year 2 days 3.5 seconds')");
            start(p, db, "Ta$b.le");
            Await.until(SyncFixture.TIMEOUT, () -> assertThat(mongo.documents(db, "Ta%24b%2Ele")).hasSize(1));
            Document d = mongo.documents(db, "Ta%24b%2Ele").get(0);
            assertThat(d.get("a%2Eb")).isEqualTo("dot");
            assertThat(d.get("%24x")).isEqualTo(7);
            assertThat(d.get("u")).isEqualTo(java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(d.get("j")).isEqualTo(new Document("%24set", 1)
                    .append("price", new org.bson.types.Decimal128(new java.math.BigDecimal("1.10"))));
            assertThat(d.get("t3")).isEqualTo(java.util.Date.from(java.time.Instant.parse("2024-02-29T13:45:59.123Z")));
            assertThat(d.get("t6")).isEqualTo(java.util.Date.from(java.time.Instant.parse("2024-02-29T13:45:59.123Z")));
            assertThat(d.get("t6__micros")).as("finer than milliseconds: the rest beside the date").isEqualTo(456);
            assertThat(d).as("no such field for a column a date holds whole").doesNotContainKey("t3__micros");
            assertThat(d.get("d")).isEqualTo(java.util.Date.from(java.time.LocalDate.of(-43, 3, 15)
                    .atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
            assertThat(d.get("n")).as("over 34 digits: exact text").isEqualTo("1234567890123456789012345678901234567890.12");
            assertThat(d.get("b")).isEqualTo(new org.bson.types.Binary(new byte[] {0, (byte) 0xff}));
            assertThat(d.get("arr")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
            assertThat(d.get("iv")).isEqualTo("P12M2DT3.5S");
        }
    }

    @Test
    void mariaDbValuesArriveExactlyAsTheTypeTableSays() throws Exception {
        try (MariaDbPipeline p = MariaDbPipeline.create(MariaDbServer.shared(), "mtypes_to_mongo")) {
            String db = mongo.newDatabase("mtypes_to_mongo");
            p.sourceSql("CREATE TABLE kinds (id int PRIMARY KEY, big bigint unsigned, dec40 decimal(40,2), dec10 decimal(10,3),"
                    + " dt datetime(6), dt0 datetime, d date, t time(6), j json, e enum('a','b'), b bit(4), bl blob, y year,"
                    + " f float, dbl double, flag tinyint(1), u char(36))",
                    "INSERT INTO kinds VALUES (1, 18446744073709551615, 12345678901234567890123456789012345678.12, -1.5,"
                    + " '2024-02-29 13:45:59.123456', '2024-02-29 13:45:59', '2024-02-29', '13:45:59.5', '{\"a\": [1, 2.50]}',"
                    + " 'b', b'1010', x'00ff', 2024, 1.5, 2.25, 1, 'x')");
            start(p, db, "kinds");
            Await.until(SyncFixture.TIMEOUT, () -> assertThat(mongo.documents(db, "kinds")).hasSize(1));
            Document d = mongo.documents(db, "kinds").get(0);
            assertThat(d.get("big")).as("past int64: Decimal128, never wrapped").isEqualTo(decimal("18446744073709551615"));
            assertThat(d.get("dec40")).as("over 34 digits: exact text").isEqualTo("12345678901234567890123456789012345678.12");
            assertThat(d.get("dec10")).isEqualTo(decimal("-1.500"));
            assertThat(d.get("dt")).isEqualTo(java.util.Date.from(java.time.Instant.parse("2024-02-29T13:45:59.123Z")));
            assertThat(d.get("dt__micros")).isEqualTo(456);
            assertThat(d.get("d")).isEqualTo(java.util.Date.from(java.time.Instant.parse("2024-02-29T00:00:00Z")));
            assertThat(d.get("t")).as("a MariaDB TIME is a duration").isEqualTo("P0M0DT49559.5S");
            assertThat(d.get("j")).isEqualTo(new Document("a", List.of(1, decimal("2.50"))));
            assertThat(d.get("e")).isEqualTo("b");
            assertThat(d.get("b")).isEqualTo("1010");
            assertThat(d.get("bl")).isEqualTo(new org.bson.types.Binary(new byte[] {0, (byte) 0xff}));
            assertThat(d.get("y")).isEqualTo(2024);
            assertThat(d.get("f")).isEqualTo(1.5);
            assertThat(d.get("dbl")).isEqualTo(2.25);
            assertThat(d.get("flag")).isEqualTo(1);
        }
    }

    private void start(SyncFixture p, String db, String... tables) throws InterruptedException {
        startDeleting(p, db, "hard", tables);
    }

    /** Starts the pipeline into MongoDB database {@code db}, with {@code deletes} hard or soft. */
    private void startDeleting(SyncFixture p, String db, String deletes, String... tables) throws InterruptedException {
        PipelineConfig c = p.config(Arrays.asList(tables), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(c.name(), c.source(), mongo.settings(db), c.routes(), c.schemaEvolution(), deletes,
                c.batch(), c.errors()));
    }

    private void awaitSame(SyncFixture p, String db, String... tables) throws Exception {
        for (String table : tables) {
            Await.until(SyncFixture.TIMEOUT, () -> {
                p.assertRunning();
                TableRows expected = TableRows.read(p.source(), p.quoteSource(table));
                assertThat(mongo.rows(db, table, expected.columns()).rows()).as("documents of %s", table)
                        .isEqualTo(expected.rows());
            });
        }
    }

    private static org.bson.types.Decimal128 decimal(String value) {
        return new org.bson.types.Decimal128(new java.math.BigDecimal(value));
    }

    private Document one(String db, String collection, Object id) {
        return mongo.documents(db, collection).stream().filter(d -> id.equals(d.get("_id"))).findFirst().orElse(null);
    }

    /** The checkpoint document, once the pipeline has stored one (after the data it covers). */
    private Document checkpoint(String db) throws Exception {
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(mongo.documents(db, "cdc_sync_offsets")).hasSize(1));
        return mongo.documents(db, "cdc_sync_offsets").get(0);
    }

    private void restoreCheckpoint(String db, Document older) {
        mongo.replace(db, "cdc_sync_offsets", older);
    }
}
