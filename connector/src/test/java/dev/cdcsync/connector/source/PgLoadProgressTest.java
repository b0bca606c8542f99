package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgLoadProgressTest {

    private static final TableId BIG = TableId.of("public", "big");
    private static final TableId SMALL = TableId.of("public", "small");

    private static Checkpoint.Entry entry(Map<String, Object> partition, Map<String, Object> offset) {
        return new Checkpoint.Entry(partition, offset);
    }

    @Test
    void readsWhereEachTableGotAndWhetherTheLoadIsComplete() {
        PgLoadProgress written = PgLoadProgress.started(1234).withTable(SMALL, PgLoadProgress.DONE).withTable(BIG, 4000);
        // As the target gives it back: the offset through its JSON form.
        Checkpoint midLoad = new Checkpoint(List.of(dev.cdcsync.core.model.CheckpointCodec.entry(
                dev.cdcsync.core.model.CheckpointCodec.partitionJson(PgLoadProgress.partition()),
                dev.cdcsync.core.model.CheckpointCodec.offsetJson(written.offset()))));
        PgLoadProgress progress = PgLoadProgress.of(midLoad).orElseThrow();

        assertThat(progress.consistentLsn()).isEqualTo(1234);
        assertThat(progress.complete()).isFalse();
        assertThat(PgLoadProgress.inProgress(midLoad)).isTrue();
        assertThat(PgLoadProgress.inProgress(new Checkpoint(List.of(load())))).isFalse();
        assertThat(progress.nextBlock(BIG)).isEqualTo(4000);
        assertThat(progress.nextBlock(SMALL)).isEqualTo(PgLoadProgress.DONE);
        assertThat(progress.nextBlock(TableId.of("public", "not_begun"))).isZero();
        assertThat(PgLoadProgress.of(new Checkpoint(List.of(entry(Map.of("server", "x"), Map.of("lsn", 5L)))))).isEmpty();
    }

    private static Checkpoint.Entry load() {
        return entry(PgLoadProgress.partition(), PgLoadProgress.started(1234).completed().offset());
    }

    @Test
    void streamingResumesFromTheConnectorsOwnEntryAndAVoidedOneCountsAsNone() {
        Checkpoint.Entry load = entry(PgLoadProgress.partition(), PgLoadProgress.started(1234).completed().offset());
        Checkpoint.Entry voided = entry(Map.of("server", "cdcsync_p"), Map.of(PgLoadProgress.VOIDED, true));
        Checkpoint.Entry streamed = entry(Map.of("server", "cdcsync_p"), Map.of("lsn", 9999L));

        assertThat(PgLoadProgress.streamEntry(new Checkpoint(List.of(load, streamed)))).contains(streamed);
        assertThat(PgLoadProgress.streamEntry(new Checkpoint(List.of(load, voided)))).contains(load);
        assertThat(PgLoadProgress.live(new Checkpoint(List.of(voided, load))).entries()).containsExactly(load);
    }

    @Test
    void aLoadSeveralTargetsTookResumesWhereTheTargetFurthestBehindLeftEachTable() {
        TableId notes = TableId.of("public", "notes");
        PgLoadProgress ahead = PgLoadProgress.started(1234).withTable(SMALL, PgLoadProgress.DONE).withTable(BIG, 4000);
        PgLoadProgress behind = PgLoadProgress.started(1234).withTable(SMALL, PgLoadProgress.DONE).withTable(BIG, 2000)
                .withTable(notes, 10);
        Checkpoint.Entry stamp = entry(Map.of("cdc_sync_version", "*"), Map.of("v", 1L));
        Checkpoint committed = new Checkpoint(List.of(stamp, entry(PgLoadProgress.partition(), ahead.offset())));
        Checkpoint other = new Checkpoint(List.of(entry(PgLoadProgress.partition(), behind.offset())));

        Checkpoint least = PgLoadProgress.leastOf(committed, List.of(committed, other)).orElseThrow();
        PgLoadProgress resumed = PgLoadProgress.of(least).orElseThrow();
        assertThat(resumed.nextBlock(BIG)).isEqualTo(2000);
        assertThat(resumed.nextBlock(SMALL)).isEqualTo(PgLoadProgress.DONE);
        assertThat(resumed.nextBlock(notes)).as("not begun by one target: read whole").isZero();
        assertThat(resumed.consistentLsn()).isEqualTo(1234);
        assertThat(least.entries()).as("the committed checkpoint's other entries kept").contains(stamp);

        Checkpoint anotherLoad = new Checkpoint(List.of(entry(PgLoadProgress.partition(),
                PgLoadProgress.started(99).offset())));
        assertThat(PgLoadProgress.leastOf(committed, List.of(committed, anotherLoad))).as("a target without this load")
                .isEmpty();
        assertThat(PgLoadProgress.leastOf(committed, List.of(committed, Checkpoint.EMPTY))).isEmpty();
    }
}
