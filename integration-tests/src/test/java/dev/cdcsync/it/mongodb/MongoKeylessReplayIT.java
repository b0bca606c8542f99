package dev.cdcsync.it.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.mongodb.MongoWriterFactory;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.it.harness.MongoTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key-less table's updates and deletes written, then written again before their checkpoint was stored (what a
 * crash between the two replays), with identical twin rows in the collection: each change lands once.
 */
class MongoKeylessReplayIT {

    private static final TableId EVENTS = TableId.of(null, "events");
    private static final TableSchema SCHEMA = new TableSchema(EVENTS, List.of(
            new Column("kind", ColumnType.of(ColumnType.Kind.STRING), true),
            new Column("amount", ColumnType.of(ColumnType.Kind.INT32), true)), List.of());

    private final MongoTarget mongo = MongoTarget.shared();

    @Test
    void aReplayedUpdateOrDeleteOfATwinRowLandsOnceAndItsMarksGoWithTheCheckpoint() {
        String db = mongo.newDatabase("keyless_replay");
        try (TargetWriter writer = new MongoWriterFactory().create(mongo.settings(db), "replay")) {
            writer.apply(new SchemaChange.CreateTable(SCHEMA));
            List<DataChange> inserts = List.of(change(Op.INSERT, 1, null, row("a", 1)), change(Op.INSERT, 2, null, row("a", 1)),
                    change(Op.INSERT, 3, null, row("a", 1)));
            write(writer, inserts, 3);
            writer.offsets().save("replay", checkpoint(3));

            List<DataChange> changes = List.of(change(Op.UPDATE, 4, row("a", 1), row("a", 2)),
                    change(Op.DELETE, 5, row("a", 1), null));
            write(writer, changes, 5);
            write(writer, changes, 5); // a crash before the checkpoint: the source replays from 3, the target has them
            assertThat(rows(db)).as("one twin updated, one deleted, one left, before the checkpoint too")
                    .containsExactlyInAnyOrder(List.of("a", 2), List.of("a", 1));

            writer.offsets().save("replay", checkpoint(5));
            assertThat(mongo.documents(db, "events")).as("marks and deleted documents purged with the checkpoint")
                    .hasSize(2).allSatisfy(d -> assertThat(d).doesNotContainKeys("__cdc_sync_applied", "__cdc_sync_deleted"));
            assertThat(rows(db)).containsExactlyInAnyOrder(List.of("a", 2), List.of("a", 1));
        }
    }

    private static void write(TargetWriter writer, List<DataChange> changes, long offset) {
        writer.write(new WriteBatch("replay", List.of(new TableBatch(SCHEMA, TableBatch.Clearing.NONE, List.of(), List.of(),
                changes)), checkpoint(offset))).toCompletableFuture().join();
    }

    private List<List<Object>> rows(String db) {
        return mongo.documents(db, "events").stream().filter(d -> !Boolean.TRUE.equals(d.get("__cdc_sync_deleted")))
                .map(d -> List.<Object>of(d.getString("kind"), d.getInteger("amount"))).toList();
    }

    private static Checkpoint checkpoint(long offset) {
        return new Checkpoint(List.of(new Checkpoint.Entry(Map.of("server", "s"), Map.of("lsn", offset))));
    }

    private static DataChange change(Op op, long lsn, Map<String, Object> before, Map<String, Object> after) {
        SourcePosition at = new SourcePosition("lsn=" + lsn, ChangeVersion.postgres(1, lsn), "lsn=" + lsn, 0, null);
        return new DataChange(op, EVENTS, null, before, after, at);
    }

    private static Map<String, Object> row(String kind, int amount) {
        return new java.util.LinkedHashMap<>(Map.of("kind", kind, "amount", amount));
    }
}
