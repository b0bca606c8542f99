package dev.cdcsync.core.pipeline;

import static dev.cdcsync.core.testkit.FakeSource.partition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.config.SourceSettings;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.schema.SchemaEvolutionException;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriterCapabilities;
import dev.cdcsync.core.spi.WriterCapabilities.KeylessTables;
import dev.cdcsync.core.testkit.FakeSource;
import dev.cdcsync.core.testkit.InMemoryWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core's contracts with every entry point and every target, driven through a fake source and the in-memory
 * reference writer (non-transactional, asynchronous, last-write-wins by version).
 */
class PipelineContractTest {

    private static final TableId T = TableId.of(null, "t");
    private static final TableId NOKEY = TableId.of(null, "nokey");

    private final FakeSource source = new FakeSource();

    @Test
    void checkpointsAreConfirmedStrictlyInBatchOrderAndNeverAheadOfDurableData() {
        InMemoryWriter writer = InMemoryWriter.asynchronous();
        SyncPipeline pipeline = new SyncPipeline(config(1), writer);
        pipeline.process(List.of(source.insert("a", "t", 1, "x"), source.insert("a", "t", 2, "y"),
                source.insert("a", "t", 3, "z")));
        assertThat(writer.outstanding()).as("three batches in flight at once").isEqualTo(3);

        writer.complete(true); // the newest batch is acknowledged first
        writer.complete(true);
        pipeline.process(List.of());
        assertThat(pipeline.offsets().durableEvents()).as("later batches done, the first not: nothing settled").isZero();
        assertThat(pipeline.offsets().checkpoint().isEmpty()).isTrue();
        assertThat(writer.offsets().load("p").isEmpty()).as("no checkpoint stored ahead of the first batch").isTrue();

        writer.complete(false);
        pipeline.process(List.of());
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(3);
        assertThat(writer.log).as("checkpoints stored in batch order, each after its data")
                .containsSubsequence("checkpoint [108]", "checkpoint [116]", "checkpoint [124]");
        assertThat(offsetOf(pipeline.offsets().checkpoint(), "a")).isEqualTo(124L);
    }

    @Test
    void checkpointsAreKeptPerPartitionAndMergedOnWrite() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(true, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        pipeline.process(List.of(source.insert("a", "t", 1, "x"), source.insert("b", "t", 2, "y")));
        pipeline.process(List.of(source.insert("b", "t", 3, "z")));

        assertThat(writer.batches.get(1).checkpoint().entries()).as("a batch carries the partitions it moved")
                .extracting(e -> (Object) e.partition()).containsExactly(partition("b"));
        Checkpoint stored = writer.offsets().load("p");
        assertThat(offsetOf(stored, "a")).as("partition a kept when only b moved").isEqualTo(108L);
        assertThat(offsetOf(stored, "b")).isEqualTo(116L);
        assertThat(writer.offsets().load("p", List.of(partition("b"))).entries()).singleElement()
                .satisfies(e -> assertThat(e.partition()).isEqualTo(partition("b")));
    }

    @Test
    void aRevokedPartitionsBufferedChangesAreDroppedAndTheOthersKept() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        pipeline.process(List.of(source.begin("a"), source.insert("a", "t", 1, "from a"), source.insert("b", "t", 2, "from b"),
                source.update("a", "t", 3, "from a, later")));
        assertThat(writer.batches).as("an open transaction is buffered").isEmpty();

        pipeline.revoke(List.of(partition("a")));
        pipeline.flush();
        pipeline.awaitWrites();

        assertThat(writer.rows(T)).as("b's change kept; a's insert and update dropped")
                .containsOnlyKeys(new RowKey(List.of(2)));
        assertThat(writer.rows(T).get(new RowKey(List.of(2)))).containsEntry("v", "from b");
        assertThat(writer.offsets().load("p").entries()).extracting(e -> (Object) e.partition())
                .as("nothing stored for the revoked partition").containsExactly(partition("b"));
        assertThat(pipeline.offsets().offset(partition("a"))).isEmpty();
    }

    @Test
    void versionsGrowPerKeyFromSnapshotToStreamAndAreTheSameAfterARestart() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        pipeline.process(List.of(source.snapshotRow("a", "t", 1, "snap", true)));
        List<SourceEvent> one = List.of(source.begin("a"), source.update("a", "t", 1, "v1"), source.update("a", "t", 1, "v2"),
                source.end("a"));
        List<SourceEvent> two = List.of(source.begin("a"), source.update("a", "t", 1, "v3"), source.end("a"));
        pipeline.process(one);
        pipeline.process(two);
        List<ChangeVersion> versions = versionsOfKey(writer, 1);
        assertThat(versions).as("snapshot row, then each transaction's last change").hasSize(3).isSorted()
                .doesNotHaveDuplicates();

        // A restart from an older checkpoint: the source replays the two transactions.
        pipeline.startFrom(Checkpoint.EMPTY);
        pipeline.process(one);
        pipeline.process(two);
        assertThat(versionsOfKey(writer, 1).subList(3, 5)).as("the replayed changes carry their first versions")
                .containsExactlyElementsOf(versions.subList(1, 3));
        assertThat(writer.rows(T).get(new RowKey(List.of(1)))).containsEntry("v", "v3");
    }

    @Test
    void keylessChangesKeepTheirIdsAcrossAReplaySoNothingIsDoubled() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.BY_CHANGE_ID), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        List<SourceEventReplay> inserts = List.of(new SourceEventReplay(source.insert("a", "nokey", 1, "same")),
                new SourceEventReplay(source.insert("a", "nokey", 1, "same")));
        pipeline.process(inserts.stream().map(SourceEventReplay::event).toList());
        pipeline.startFrom(Checkpoint.EMPTY);
        pipeline.process(inserts.stream().map(SourceEventReplay::event).toList());

        assertThat(writer.rows(NOKEY)).as("two identical source rows, each once after the replay").hasSize(2);
        assertThat(writer.batches.get(0).tables().get(0).unkeyed()).extracting(DataChange::id)
                .containsExactlyElementsOf(writer.batches.get(1).tables().get(0).unkeyed().stream().map(DataChange::id).toList());
    }

    @Test
    void aSnapshotThatRunsAgainEmptiesTablesThatSendNoRowAnyMore() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        pipeline.process(List.of(source.insert("a", "t", 1, "x"), source.insert("a", "t", 2, "y")));

        // The source log was lost; a new snapshot covers t, which is empty at the source now.
        pipeline.startFrom(Checkpoint.EMPTY, List.of(TableId.of("public", "t")));
        pipeline.process(List.of(source.snapshotRow("a", "other", 1, "o", true)));

        assertThat(writer.rows(T)).as("t replaced by its (empty) snapshot").isEmpty();
        assertThat(writer.rows(TableId.of(null, "other"))).hasSize(1);
    }

    @Test
    void aTableWithoutKeyStopsAPipelineWhoseTargetRefusesThemNamingTheTable() {
        SyncPipeline pipeline = new SyncPipeline(config(100), InMemoryWriter.asynchronous());
        assertThatThrownBy(() -> pipeline.process(List.of(source.insert("a", "nokey", 1, "x"))))
                .isInstanceOf(SchemaEvolutionException.class)
                .hasMessageContaining("public.nokey has no primary key").hasMessageContaining("give the source table a primary key");
        assertThat(pipeline.offsets().durableEvents()).isZero();
    }

    @Test
    void anUnknownRecordShapeStopsThePipelineWithItsTopicPartitionAndOffset() {
        InMemoryWriter writer = InMemoryWriter.asynchronous();
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        assertThatThrownBy(() -> pipeline.process(List.of(source.unwrapped("a", "t", 1))))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("topic srv.public.t, partition 3, offset")
                .hasMessageContaining("not a Debezium change event");
        assertThat(pipeline.offsets().durableEvents()).as("never confirmed").isZero();
        assertThat(writer.outstanding()).isZero();
    }

    @Test
    void aBatchThatFailsIsWrittenAgainBeforeAnyLaterOneCounts() {
        InMemoryWriter writer = InMemoryWriter.asynchronous();
        SyncPipeline pipeline = new SyncPipeline(config(1), writer);
        writer.failNextWrite();
        pipeline.process(List.of(source.insert("a", "t", 1, "x"), source.insert("a", "t", 2, "y")));
        writer.complete(true); // the second batch succeeds first
        writer.complete(false); // the first fails: written again, and this time completed at once below
        WriterThatCompletes.eventually(writer);
        pipeline.awaitWrites();

        assertThat(writer.rows(T)).containsOnlyKeys(new RowKey(List.of(1)), new RowKey(List.of(2)));
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(2);
    }

    @Test
    void aWriteCutShortAsTheSourceStopsIsDroppedWhenTheSourceRestartsAndWrittenOnTheReplay() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100), writer);
        List<SourceEvent> events = List.of(source.insert("a", "t", 1, "x"));
        writer.failures.add(new dev.cdcsync.core.spi.WriteException("interrupted waiting for lock", false, null));
        assertThatThrownBy(() -> pipeline.process(events)).hasMessageContaining("interrupted");

        pipeline.startFrom(Checkpoint.EMPTY); // the engine is replaced: the failed batch must not stop the new one
        pipeline.process(events);
        assertThat(writer.rows(T)).containsOnlyKeys(new RowKey(List.of(1)));
        assertThat(pipeline.offsets().durableEvents()).as("counted from the restart").isEqualTo(2);
    }

    @Test
    void softDeletesKeepTheRowMarkedWithItsOtherValuesAndAReinsertRevivesIt() {
        InMemoryWriter writer = new InMemoryWriter(new WriterCapabilities(false, 1, KeylessTables.REFUSED), true);
        SyncPipeline pipeline = new SyncPipeline(config(100, "soft"), writer);
        pipeline.process(List.of(source.insert("a", "t", 1, "x"), source.insert("a", "t", 2, "y")));
        pipeline.process(List.of(source.delete("a", "t", 1, null), source.delete("a", "t", 2, null),
                source.insert("a", "t", 2, "again")));

        assertThat(writer.describe(T).orElseThrow().column("__deleted")).isPresent();
        java.util.Map<String, Object> one = writer.rows(T).get(new RowKey(List.of(1)));
        assertThat(one).containsEntry("__deleted", true).containsEntry("v", "x").containsKey("__deleted_at");
        assertThat(one.get("__deleted_at")).isNotNull();
        assertThat(writer.rows(T).get(new RowKey(List.of(2)))).containsEntry("v", "again").containsEntry("__deleted", false);
    }

    /** Completes outstanding batches from another thread while the pipeline waits for them. */
    private static final class WriterThatCompletes {
        static void eventually(InMemoryWriter writer) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    synchronized (writer) {
                        if (writer.outstanding() > 0) {
                            writer.complete(false);
                            return;
                        }
                    }
                    sleep();
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private static void sleep() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One event delivered again unchanged, as a source replays it. */
    private record SourceEventReplay(SourceEvent event) {
    }

    private static List<ChangeVersion> versionsOfKey(InMemoryWriter writer, int id) {
        List<ChangeVersion> out = new ArrayList<>();
        for (WriteBatch b : writer.batches) {
            b.tables().forEach(t -> t.upserts().stream().filter(c -> c.key().equals(new RowKey(List.of(id))))
                    .forEach(c -> out.add(c.version())));
        }
        return out;
    }

    private static Object offsetOf(Checkpoint checkpoint, String partition) {
        return checkpoint.entries().stream().filter(e -> e.partition().equals(partition(partition)))
                .map(e -> e.offset().get("lsn")).findFirst().orElse(null);
    }

    private static PipelineConfig config(int maxRows) {
        return config(maxRows, null);
    }

    private static PipelineConfig config(int maxRows, String deletes) {
        SourceSettings sourceSettings = () -> List.of("public.t");
        TargetSettings target = () -> "a test target";
        return new PipelineConfig("p", sourceSettings, target, List.of(), null, deletes, new BatchConfig(maxRows, null, 1000),
                new ErrorsConfig(null, null, new RetryConfig(3, Duration.ofMillis(1))));
    }
}
