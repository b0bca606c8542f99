package dev.cdcsync.it.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CassandraSyncTarget;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;
import dev.cdcsync.connector.cassandra.CassandraWriterFactory;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Last write wins by the source's order, not by arrival, in a real Cassandra: batches written out of order, a MariaDB
 * source (its binlog can be read again from any retained position) replaying from an older checkpoint into a table
 * that already holds newer rows, and one row changed many times in one transaction cut into many batches.
 */
class CassandraOrderingIT {

    @Test
    void aReplayFromAnOlderCheckpointOverwritesNothingNewerAndADeleteReplayedAfterAReinsertLeavesTheRow() throws Exception {
        try (MariaDbPipeline p = MariaDbPipeline.create(MariaDbServer.shared(), "replay_to_cassandra", SyncTarget.Kind.CASSANDRA)) {
            CassandraSyncTarget cassandra = (CassandraSyncTarget) p.targetSide();
            p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, v varchar(20))", "CREATE TABLE marker (id int PRIMARY KEY)",
                    "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            p.start("items", "marker");
            p.awaitSame("items");
            List<Row> older = checkpoint(cassandra);

            p.sourceSql("UPDATE items SET v = 'a2' WHERE id = 1", "DELETE FROM items WHERE id = 2",
                    "INSERT INTO items VALUES (2, 'b again')", "DELETE FROM items WHERE id = 3",
                    "UPDATE items SET v = 'a3' WHERE id = 1", "INSERT INTO marker VALUES (1)");
            p.awaitSame("items");
            p.awaitSame("marker");
            p.stop();

            // As after a crash before the checkpoint: every change above is written again, older than what is there.
            restore(cassandra, older);
            p.start("items", "marker");
            p.sourceSql("INSERT INTO marker VALUES (2)");
            p.awaitSame("marker");
            p.awaitSame("items");
            assertThat(p.targetRows("items").rows()).containsExactly(List.of("1", "a3"), List.of("2", "b again"));
        }
    }

    @Test
    void anOlderBatchWrittenAfterANewerOneLeavesTheNewerStateAndAnOlderDeleteLeavesANewerRow() throws Exception {
        CassandraSyncTarget cassandra = new CassandraSyncTarget(dev.cdcsync.it.harness.CassandraServer.shared(), "out_of_order");
        TableSchema schema = new TableSchema(TABLE, List.of(new Column("id", ColumnType.of(Kind.INT32), false),
                new Column("v", ColumnType.of(Kind.STRING), true)), List.of("id"));
        try (TargetWriter writer = new CassandraWriterFactory().create(cassandra.settings(), "out_of_order")) {
            writer.apply(new SchemaChange.CreateTable(schema));
            // Newer first: row 1 at LSN 300, row 2 re-inserted at LSN 310; then the older batch arrives.
            write(writer, schema, List.of(), List.of(upsert(1, "newer", 300), upsert(2, "reinserted", 310)));
            write(writer, schema, List.of(delete(2, 200)), List.of(upsert(1, "older", 100)));
        }
        assertThat(cassandra.rows("items", List.of("id", "v")).rows())
                .containsExactly(List.of("1", "newer"), List.of("2", "reinserted"));
    }

    private static final TableId TABLE = TableId.of(null, "items");

    private static void write(TargetWriter writer, TableSchema schema, List<DataChange> deletes, List<DataChange> upserts) {
        writer.write(new WriteBatch("out_of_order", List.of(new TableBatch(schema, TableBatch.Clearing.NONE, deletes, upserts,
                List.of())), new Checkpoint(List.of()))).toCompletableFuture().join();
    }

    private static DataChange upsert(int id, String v, long lsn) {
        return new DataChange(DataChange.Op.UPDATE, TABLE, new RowKey(List.of(id)), null, Map.of("id", id, "v", v), at(lsn));
    }

    private static DataChange delete(int id, long lsn) {
        return new DataChange(DataChange.Op.DELETE, TABLE, new RowKey(List.of(id)), Map.of("id", id), null, at(lsn));
    }

    private static SourcePosition at(long lsn) {
        return new SourcePosition("lsn=" + lsn, ChangeVersion.postgres(lsn - 1, lsn), "lsn=" + lsn, 0, null);
    }

    @Test
    void manyUpdatesOfOneRowInOneTransactionSpreadOverBatchesEndAtTheLastValue() throws Exception {
        try (MariaDbPipeline p = MariaDbPipeline.create(MariaDbServer.shared(), "one_row_to_cassandra", SyncTarget.Kind.CASSANDRA)) {
            p.sourceSql("CREATE TABLE counter (id int PRIMARY KEY, n int)",
                    "INSERT INTO counter SELECT seq, 100 FROM seq_1_to_20");
            PipelineConfig base = p.config(List.of("counter"), EvolutionMode.LENIENT);
            // Batches of 10 rows, transactions cut after 10 changes: each round below (20 rows) is written in parts,
            // so every row reaches Cassandra once per round, ten times within one source transaction.
            p.start(new PipelineConfig(base.name(), base.source(), base.target(), base.routes(), base.schemaEvolution(),
                    base.deletes(), new BatchConfig(10, null, 10), base.errors()));
            p.awaitSame("counter");
            p.source().setAutoCommit(false);
            for (int round = 1; round <= 10; round++) { // counting down: on equal timestamps Cassandra keeps the greater value
                p.sourceSql("UPDATE counter SET n = " + (10 - round));
            }
            p.source().commit();
            p.source().setAutoCommit(true);
            p.awaitSame("counter");
            assertThat(p.targetRows("counter").rows()).extracting(r -> r.get(1)).containsOnly("0");
        }
    }

    private static List<Row> checkpoint(CassandraSyncTarget cassandra) throws Exception {
        CqlSession session = cassandra.session();
        String table = "\"" + cassandra.keyspace() + "\".cdc_sync_offsets";
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(session.execute("SELECT * FROM " + table).all()).isNotEmpty());
        return session.execute("SELECT pipeline, source_partition, source_offset FROM " + table).all();
    }

    private static void restore(CassandraSyncTarget cassandra, List<Row> older) {
        CqlSession session = cassandra.session();
        var insert = session.prepare("INSERT INTO \"" + cassandra.keyspace()
                + "\".cdc_sync_offsets (pipeline, source_partition, source_offset) VALUES (?, ?, ?)");
        for (Row r : older) {
            session.execute(insert.bind(r.getString(0), r.getString(1), r.getString(2)));
        }
    }
}
