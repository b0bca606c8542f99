package dev.cdcsync.core.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeBufferTest {

    private static final TableId T = TableId.of(null, "t");
    private static final TableSchema SCHEMA = new TableSchema(T, List.of(
            new Column("id", ColumnType.of(ColumnType.Kind.INT32), false),
            new Column("a", ColumnType.of(ColumnType.Kind.STRING), true),
            new Column("big", ColumnType.of(ColumnType.Kind.STRING), true)), List.of("id"));

    private final ChangeBuffer buffer = new ChangeBuffer();

    @Test
    void lastChangePerKeyWins() {
        buffer.add(upsert(Op.INSERT, 1, "a", "x"), SCHEMA, "p");
        buffer.add(upsert(Op.UPDATE, 1, "b", "y"), SCHEMA, "p");
        buffer.add(upsert(Op.INSERT, 2, "c", "z"), SCHEMA, "p");

        TableBatch batch = single(buffer.drain());
        assertThat(batch.upserts()).extracting(c -> c.after().get("a")).containsExactly("b", "c");
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void deleteAfterInsertLeavesOnlyTheDelete() {
        buffer.add(upsert(Op.INSERT, 1, "a", "x"), SCHEMA, "p");
        buffer.add(delete(1), SCHEMA, "p");

        TableBatch batch = single(buffer.drain());
        assertThat(batch.upserts()).isEmpty();
        assertThat(batch.deletes()).hasSize(1);
    }

    @Test
    void insertAfterDeleteOfTheSameKeyIsAnUpsert() {
        buffer.add(delete(1), SCHEMA, "p");
        buffer.add(upsert(Op.INSERT, 1, "again", "x"), SCHEMA, "p");

        TableBatch batch = single(buffer.drain());
        assertThat(batch.deletes()).isEmpty();
        assertThat(batch.upserts()).extracting(c -> c.after().get("a")).containsExactly("again");
    }

    @Test
    void updateWithoutAnUnchangedToastColumnInheritsItFromTheBufferedInsert() {
        buffer.add(upsert(Op.INSERT, 1, "a", "large value"), SCHEMA, "p");
        Map<String, Object> withoutBig = new LinkedHashMap<>();
        withoutBig.put("id", 1);
        withoutBig.put("a", "b");
        buffer.add(new DataChange(Op.UPDATE, T, new RowKey(List.of(1)), null, withoutBig, SourcePosition.UNKNOWN), SCHEMA, "p");

        DataChange merged = single(buffer.drain()).upserts().get(0);
        assertThat(merged.after()).containsEntry("a", "b").containsEntry("big", "large value");
    }

    @Test
    void truncateDiscardsEarlierChangesOfItsTableAndComesFirst() {
        buffer.add(upsert(Op.INSERT, 1, "a", "x"), SCHEMA, "p");
        buffer.add(new DataChange(Op.TRUNCATE, T, null, null, null, SourcePosition.UNKNOWN), SCHEMA, "p");
        buffer.add(upsert(Op.INSERT, 2, "after", "x"), SCHEMA, "p");

        TableBatch batch = single(buffer.drain());
        assertThat(batch.clearing()).isEqualTo(TableBatch.Clearing.TRUNCATE);
        assertThat(batch.upserts()).extracting(c -> c.key().values().get(0)).containsExactly(2);
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void changesOfATableWithoutKeyKeepTheirOrderAndAreNotCoalesced() {
        TableSchema noKey = new TableSchema(T, SCHEMA.columns(), List.of());
        DataChange first = new DataChange(Op.INSERT, T, null, null, Map.of("a", "1"), SourcePosition.UNKNOWN);
        DataChange second = new DataChange(Op.INSERT, T, null, null, Map.of("a", "1"), SourcePosition.UNKNOWN);
        DataChange third = new DataChange(Op.DELETE, T, null, Map.of("a", "1"), null, SourcePosition.UNKNOWN);
        buffer.add(first, noKey, "p");
        buffer.add(second, noKey, "p");
        buffer.add(third, noKey, "p");

        assertThat(single(buffer.drain()).unkeyed()).containsExactly(first, second, third);
    }

    @Test
    void sizeCountsChangesAfterCoalescing() {
        buffer.add(upsert(Op.INSERT, 1, "a", "x"), SCHEMA, "p");
        buffer.add(upsert(Op.UPDATE, 1, "b", "x"), SCHEMA, "p");
        buffer.add(upsert(Op.UPDATE, 2, "b", "x"), SCHEMA, "p");
        assertThat(buffer.size()).isEqualTo(2);
    }

    /** The writer may insert snapshot rows without looking for existing ones only while nothing else has come. */
    @Test
    void snapshotRowsAfterTheTableWasEmptiedAreNewRowsUntilAnythingElseComesOrTheSourceRestarts() {
        ChangeBuffer buffer = new ChangeBuffer();
        buffer.add(upsert(Op.READ, 1, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).as("no snapshot start: the target may hold the row").isFalse();

        buffer.startSnapshot(T, SCHEMA, null);
        buffer.add(upsert(Op.READ, 1, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).isTrue();
        buffer.add(upsert(Op.READ, 2, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).as("a later batch of the same snapshot").isTrue();

        buffer.add(upsert(Op.INSERT, 3, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).as("a streamed change").isFalse();
        buffer.add(upsert(Op.READ, 4, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).isFalse();

        buffer.startSnapshot(T, SCHEMA, null);
        buffer.reset();
        buffer.add(upsert(Op.READ, 5, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).as("after the source started again").isFalse();
    }

    /** A writer that fills an emptied table its own way (a key built after the rows) learns that the fill has ended. */
    @Test
    void theSnapshotsEndPutsEachTableItEmptiedInTheNextBatchWithoutNewRowsEvenWithNothingElseForIt() {
        ChangeBuffer buffer = new ChangeBuffer();
        buffer.startSnapshot(T, SCHEMA, null);
        buffer.add(upsert(Op.READ, 1, "a", "x"), SCHEMA, null);
        assertThat(single(buffer.drain()).newRows()).isTrue();

        buffer.endSnapshots();
        TableBatch ended = single(buffer.drain());
        assertThat(ended.newRows()).isFalse();
        assertThat(ended.size()).as("nothing to write but the news").isZero();
        assertThat(ended.schema()).isEqualTo(SCHEMA);
        assertThat(buffer.drain()).as("said once").isEmpty();

        buffer.startSnapshot(T, SCHEMA, null);
        buffer.add(upsert(Op.READ, 2, "a", "x"), SCHEMA, null);
        buffer.endSnapshots();
        TableBatch last = single(buffer.drain());
        assertThat(last.newRows()).as("rows held when the snapshot ended go as changes").isFalse();
        assertThat(last.upserts()).extracting(DataChange::key).containsExactly(new RowKey(List.of(2)));

        buffer.startSnapshot(T, SCHEMA, null);
        buffer.drain();
        buffer.reset();
        assertThat(single(buffer.drain()).newRows()).as("a source restart ends the snapshot too").isFalse();
    }

    /** Snapshot rows of an emptied table are held unhashed; a change that follows them in one batch still coalesces. */
    @Test
    void aChangeAfterSnapshotRowsInOneBatchCoalescesWithTheirsAndKeepsTheOrder() {
        ChangeBuffer buffer = new ChangeBuffer();
        buffer.startSnapshot(T, SCHEMA, "p");
        buffer.add(upsert(Op.READ, 1, "a", "x"), SCHEMA, "p");
        buffer.add(upsert(Op.READ, 2, "b", "y"), SCHEMA, "p");
        buffer.add(upsert(Op.READ, 3, "c", "z"), SCHEMA, "q");
        assertThat(buffer.size()).isEqualTo(4); // three rows and the snapshot's start

        Map<String, Object> partial = new LinkedHashMap<>(); // an update without the unchanged TOAST column big
        partial.put("id", 2);
        partial.put("a", "b2");
        buffer.add(new DataChange(Op.UPDATE, T, new RowKey(List.of(2)), null, partial, SourcePosition.UNKNOWN), SCHEMA, "p");
        buffer.add(delete(3), SCHEMA, "q");
        assertThat(buffer.size()).isEqualTo(4);

        TableBatch batch = single(buffer.drain());
        assertThat(batch.newRows()).isFalse();
        assertThat(batch.upserts()).extracting(c -> c.after().get("id"), c -> c.after().get("a"), c -> c.after().get("big"))
                .containsExactly(tuple(1, "a", "x"), tuple(2, "b2", "y"));
        assertThat(batch.deletes()).extracting(DataChange::key).containsExactly(new RowKey(List.of(3)));
    }

    @Test
    void aRevokedPartitionsSnapshotRowsAreDropped() {
        ChangeBuffer buffer = new ChangeBuffer();
        buffer.startSnapshot(T, SCHEMA, "p");
        buffer.add(upsert(Op.READ, 1, "a", "x"), SCHEMA, "p");
        buffer.add(upsert(Op.READ, 2, "b", "y"), SCHEMA, "q");
        buffer.dropPartitions(List.of("q"));
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(single(buffer.drain()).upserts()).extracting(DataChange::key).containsExactly(new RowKey(List.of(1)));
    }

    private static TableBatch single(List<TableBatch> batches) {
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    @Test
    void aRowMovedToANewKeyTakesTheColumnsTheSourceDidNotResendFromTheOldRowItHolds() {
        buffer.add(upsert(Op.INSERT, 4, "a", "large value"), SCHEMA, "p");
        Map<String, Object> keyOnly = new LinkedHashMap<>(); // as Debezium sends a delete's old row: the key, nulls
        keyOnly.put("id", 4);
        keyOnly.put("a", null);
        keyOnly.put("big", null);
        buffer.add(new DataChange(Op.DELETE, T, new RowKey(List.of(4)), keyOnly, null, SourcePosition.UNKNOWN), SCHEMA, "p");
        buffer.add(moved(400, 4), SCHEMA, "p");
        buffer.add(moved(100, 1), SCHEMA, "p"); // its old row is only in the target

        TableBatch batch = single(buffer.drain());
        assertThat(batch.upserts()).filteredOn(c -> c.key().equals(new RowKey(List.of(400)))).singleElement()
                .satisfies(c -> {
                    assertThat(c.after()).containsEntry("big", "large value").containsEntry("a", "moved");
                    assertThat(c.movedFrom()).as("complete: nothing left for the writer").isNull();
                });
        assertThat(batch.upserts()).filteredOn(c -> c.key().equals(new RowKey(List.of(100)))).singleElement()
                .satisfies(c -> assertThat(c.movedFrom()).as("the writer takes big from the target's row 1")
                        .isEqualTo(new RowKey(List.of(1))));
    }

    private static DataChange moved(int id, int from) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("a", "moved");
        return new DataChange(Op.INSERT, T, new RowKey(List.of(id)), null, row, SourcePosition.UNKNOWN,
                new RowKey(List.of(from)));
    }

    private static DataChange upsert(Op op, int id, String a, String big) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("a", a);
        row.put("big", big);
        return new DataChange(op, T, new RowKey(List.of(id)), null, row, SourcePosition.UNKNOWN);
    }

    private static DataChange delete(int id) {
        return new DataChange(Op.DELETE, T, new RowKey(List.of(id)), Map.of("id", id), null, SourcePosition.UNKNOWN);
    }
}
