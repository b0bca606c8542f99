package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.config.SourceSettings;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.RowRejectedException;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** The pipeline's ordering promises, observed through a writer that records what it is asked to do. */
class SyncPipelineTest {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema V1 = SchemaBuilder.struct().name("v1").optional().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema V2 = SchemaBuilder.struct().name("v2").optional().field("id", Schema.INT32_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.INT64_SCHEMA).build();

    private final RecordingWriter writer = new RecordingWriter();

    @Test
    void everyBatchCarriesTheCheckpointOfItsLastEvent() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        pipeline.process(List.of(insert(V1, 1, 10), insert(V1, 2, 11)));

        WriteBatch batch = writer.batches.get(writer.batches.size() - 1);
        assertThat(batch.rows()).isEqualTo(2);
        assertThat(batch.checkpoint().entries()).singleElement()
                .satisfies(e -> assertThat(e.offset()).containsEntry("lsn", 11L));
    }

    @Test
    void rowsBufferedUnderTheOldSchemaAreWrittenBeforeTheSchemaChanges() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        pipeline.process(List.of(insert(V1, 1, 10), insert(V2, 2, 11)));

        assertThat(writer.log).containsExactly("create.table t", "write 1 rows @10", "add.column t", "write 1 rows @11");
    }

    @Test
    void aBatchLargerThanMaxRowsIsSplitEachWithItsOwnCheckpoint() {
        SyncPipeline pipeline = new SyncPipeline(config(2, 3), writer);
        pipeline.process(List.of(insert(V1, 1, 10), insert(V1, 2, 11), insert(V1, 3, 12)));

        assertThat(writer.log).containsExactly("create.table t", "write 2 rows @11", "write 1 rows @12");
    }

    @Test
    void changesOfACallThatSaysMoreIsQueuedWaitForTheNextCallsUntilTheBatchFills() {
        SyncPipeline pipeline = new SyncPipeline(config(3, 3), writer);
        pipeline.process(List.of(insert(V1, 1, 10)), true);
        assertThat(writer.batches).as("the engine has more at hand: nothing written yet").isEmpty();

        pipeline.process(List.of(insert(V1, 2, 11), insert(V1, 3, 12), insert(V1, 4, 13)), true);
        pipeline.process(List.of(insert(V1, 5, 14)), false);
        assertThat(writer.log).as("a full batch at once, the rest when the engine has caught up")
                .containsExactly("create.table t", "write 3 rows @12", "write 2 rows @14");
    }

    @Test
    void changesOfACallThatSaysMoreIsQueuedAreWrittenOnceTheMaxDelayHasPassed() throws InterruptedException {
        SyncPipeline pipeline = new SyncPipeline(config(100, 3, Duration.ofMillis(20)), writer);
        pipeline.process(List.of(insert(V1, 1, 10)), true);
        assertThat(writer.batches).isEmpty();
        Thread.sleep(30);

        pipeline.process(List.of(insert(V1, 2, 11)), true);
        assertThat(writer.log).containsExactly("create.table t", "write 2 rows @11");
    }

    @Test
    void aSourceTransactionSpanningBatchesIsCommittedWholeAndOnlyThenConfirmed() {
        SyncPipeline pipeline = new SyncPipeline(config(2, 3), writer);
        pipeline.process(List.of(marker("BEGIN", 9), insert(V1, 1, 10), insert(V1, 2, 11), insert(V1, 3, 12)));
        assertThat(writer.batches).as("nothing of an open transaction is written").isEmpty();
        assertThat(pipeline.offsets().durableEvents()).isZero();

        pipeline.process(List.of(insert(V1, 4, 13), marker("END", 14), insert(V1, 5, 15)));
        assertThat(writer.log).as("the transaction in one commit, at its END").containsExactly("create.table t",
                "write 4 rows @14", "write 1 rows @15");
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(7);
    }

    @Test
    void aReplayFromTheCheckpointDropsTheUnwrittenTransactionInsteadOfWritingItTwice() {
        SyncPipeline pipeline = new SyncPipeline(config(100, 1000), writer);
        pipeline.process(List.of(marker("BEGIN", 9), insert(V1, 1, 10), marker("END", 11)));
        pipeline.process(List.of(marker("BEGIN", 12), insert(V1, 2, 13)));
        // The connector lost its source; a new one replays from the durable checkpoint.
        assertThat(pipeline.offsets().checkpoint().entries()).singleElement()
                .satisfies(e -> assertThat(e.offset()).containsEntry("lsn", 11L));
        pipeline.startFrom(pipeline.offsets().checkpoint());
        pipeline.process(List.of(marker("BEGIN", 12), insert(V1, 2, 13), insert(V1, 3, 14), marker("END", 15)));

        assertThat(writer.log).containsExactly("create.table t", "write 1 rows @11", "write 2 rows @15");
        assertThat(pipeline.offsets().discardedEvents()).as("BEGIN@12 and the insert@13 of the first delivery").isEqualTo(5);
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(9);
    }

    @Test
    void aRewindNeverCheckpointsThePositionOfDroppedChanges() {
        SyncPipeline pipeline = new SyncPipeline(config(100, 1000), writer);
        pipeline.process(List.of(marker("BEGIN", 9), insert(V1, 1, 10), marker("END", 11)));
        pipeline.process(List.of(marker("BEGIN", 12), insert(V1, 2, 13)));
        pipeline.startFrom(pipeline.offsets().checkpoint());
        pipeline.flush();

        assertThat(writer.log).as("nothing new to write: the checkpoint stays at the last durable position")
                .containsExactly("create.table t", "write 1 rows @11");
    }

    @Test
    void aTransactionLargerThanTheBoundIsCommittedInParts() {
        SyncPipeline pipeline = new SyncPipeline(config(2, 3), writer);
        List<SourceEvent> events = new ArrayList<>(List.of(marker("BEGIN", 1)));
        for (int i = 1; i <= 7; i++) {
            events.add(insert(V1, i, 10 + i));
        }
        pipeline.process(events);
        assertThat(writer.log).as("split once the transaction passes 5 changes, then in max-rows parts")
                .containsExactly("create.table t", "write 5 rows @15", "write 2 rows @17");
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(8);
    }

    @Test
    void eventsWithoutRowsStillMoveTheCheckpoint() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        Schema hb = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat").field("ts_ms", Schema.INT64_SCHEMA).build();
        pipeline.process(List.of(new SourceRecordEvent(hb, new Struct(hb).put("ts_ms", 1L), 99).event()));

        assertThat(writer.log).containsExactly("write 0 rows @99");
    }

    @Test
    void transientFailuresAreRetriedAndPermanentOnesStopThePipeline() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        writer.failures.add(new WriteException("connection refused", true, null));
        pipeline.process(List.of(insert(V1, 1, 10)));
        assertThat(writer.batches).hasSize(1);

        writer.failures.add(new WriteException("value too long", false, null));
        assertThatThrownBy(() -> pipeline.process(List.of(insert(V1, 2, 11)))).hasMessageContaining("value too long");
    }

    @Test
    void aWriteTheWriterDidNotAttemptIsHandedOverAgainWithoutCountingAsAFailedAttempt() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 1), writer);
        writer.failures.add(WriteException.notAttempted("a batch before it failed"));
        pipeline.process(List.of(insert(V1, 1, 10)));
        assertThat(writer.batches).hasSize(1);
    }

    /**
     * A writer with two batches in flight learns of a failure only as it writes: the batch behind a failed one must
     * not commit before the failed one is written again. Every write of the oldest unsettled batch says so, and only
     * those, so the writer can refuse the rest until then.
     */
    @Test
    void everyWriteOfTheOldestUnsettledBatchIsMarkedAsSuchAndNoOtherIs() {
        TwoInFlight writer = new TwoInFlight();
        SyncPipeline pipeline = writer.firstFailsAndSecondIsRefused();
        pipeline.awaitWrites();

        assertThat(writer.handed).containsExactly("@10 oldest", "@11 behind", "@10 oldest", "@11 oldest");
        assertThat(pipeline.offsets().checkpoint().entries().get(0).offset().get("lsn")).isEqualTo(11L);
    }

    /**
     * Two batches in flight fail (the first as the connection drops, the second refused behind it). Once the first is
     * written again, the writer takes writes again: a third batch handed over then would commit before the second is
     * written again, which would then write older values over it (clean-clone CI: MariaDbFaultInjectionIT lost 4
     * updates after a target blip). No batch is handed over while an earlier one in flight has failed.
     */
    @Test
    void noBatchIsHandedOverWhileAnEarlierOneInFlightHasFailed() {
        TwoInFlight writer = new TwoInFlight();
        SyncPipeline pipeline = writer.firstFailsAndSecondIsRefused();
        pipeline.process(List.of(insert(V1, 3, 12)));
        pipeline.awaitWrites();

        assertThat(writer.handed).containsExactly("@10 oldest", "@11 behind", "@10 oldest", "@11 oldest", "@12 oldest");
        assertThat(pipeline.offsets().checkpoint().entries().get(0).offset().get("lsn")).isEqualTo(12L);
    }

    /**
     * A pipeline given up on (a fan-out's target detached after a failure) still counts a batch its target committed
     * before the one that failed: the capture, restarted from this pipeline's checkpoint, would write it again (a
     * key-less row twice).
     */
    @Test
    void anAbandonedPipelineHoldsTheBatchesItsTargetCommittedBeforeTheOneThatFailed() {
        TwoInFlight writer = new TwoInFlight();
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        pipeline.process(List.of(insert(V1, 1, 10)));
        pipeline.process(List.of(insert(V1, 2, 11)));
        writer.held.get(0).complete(null);
        writer.held.get(1).completeExceptionally(new WriteException("connection lost", true, null));
        pipeline.abandon();

        assertThat(pipeline.offsets().checkpoint().entries().get(0).offset().get("lsn")).isEqualTo(10L);
        assertThat(writer.handed).as("nothing written again").containsExactly("@10 oldest", "@11 behind");
    }

    /**
     * The source restarts while a batch in flight has failed: it is dropped, not written again, since the source resends
     * it from the checkpoint read before; written again, it could commit after that read and then land twice.
     */
    @Test
    void aSourceRestartDropsAFailedBatchInFlightInsteadOfWritingItAgain() {
        TwoInFlight writer = new TwoInFlight();
        SyncPipeline pipeline = writer.firstFailsAndSecondIsRefused();
        pipeline.startFrom(new Checkpoint(List.of(new Checkpoint.Entry(Map.of("server", "s"), Map.of("lsn", 9L)))));

        assertThat(writer.handed).containsExactly("@10 oldest", "@11 behind");
        pipeline.process(List.of(insert(V1, 1, 10)));
        pipeline.awaitWrites();
        assertThat(writer.handed).as("the replay writes it").containsExactly("@10 oldest", "@11 behind", "@10 oldest");
    }

    @Test
    void retriesGiveUpAfterMaxAttempts() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 2), writer);
        writer.failures.add(new WriteException("down", true, null));
        writer.failures.add(new WriteException("still down", true, null));
        assertThatThrownBy(() -> pipeline.process(List.of(insert(V1, 1, 10)))).hasMessageContaining("still down");
        assertThat(writer.batches).isEmpty();
    }

    @Test
    void aRowTheTargetRefusesIsSetAsideWithItsRecordAndTheRestOfItsBatchIsWritten() {
        List<String> letters = new ArrayList<>();
        DeadLetters deadLetters = new DeadLetters() {
            @Override
            public void undecodable(SourceEvent event, RuntimeException error) {
                letters.add("undecodable @" + event.offset().get("lsn"));
            }

            @Override
            public void rejected(SourceEvent origin, DataChange change, RowRejectedException error) {
                letters.add("rejected @" + origin.offset().get("lsn") + " key " + change.key());
            }
        };
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer,
                new EntryPoint(table -> false, deadLetters, true, false));
        writer.refusedId = 2;
        pipeline.process(List.of(insert(V1, 1, 10), insert(V1, 2, 11), notAChangeEvent(12), insert(V1, 3, 13)));

        assertThat(letters).containsExactly("undecodable @12", "rejected @11 key [2]");
        assertThat(writer.log).containsExactly("create.table t", "write 2 rows @13");
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(4);
        assertThat(pipeline.stats().deadLetters()).isEqualTo(2);
    }

    @Test
    void withoutDeadLettersARefusedRowStopsThePipelineNamingIt() {
        SyncPipeline pipeline = new SyncPipeline(config(8192, 3), writer);
        writer.refusedId = 2;
        assertThatThrownBy(() -> pipeline.process(List.of(insert(V1, 1, 10), insert(V1, 2, 11))))
                .isInstanceOf(RowRejectedException.class).hasMessageContaining("key [2]");
        assertThat(writer.batches).isEmpty();
        assertThat(pipeline.offsets().durableEvents()).isZero();
    }

    @Test
    void aTablesSnapshotReplacesTheTargetsRowsOnlyWhereThePipelineSeesTheWholeSnapshot() {
        new SyncPipeline(config(8192, 3), writer).process(List.of(snapshotStart(1, 10)));
        assertThat(writer.batches.get(0).tables().get(0).clearing()).isEqualTo(TableBatch.Clearing.SNAPSHOT_START);

        // A Kafka Connect task sees some partitions of the table's topic; a clearing would erase the rows that other
        // tasks write from the other partitions.
        RecordingWriter another = new RecordingWriter();
        SyncPipeline kafkaTask = new SyncPipeline(config(8192, 3), another, EntryPoint.kafkaTask(null));
        kafkaTask.process(List.of(snapshotStart(1, 10)));
        kafkaTask.flush();
        assertThat(another.batches.get(0).tables().get(0).clearing()).isEqualTo(TableBatch.Clearing.NONE);
    }

    @Test
    void anEntryPointThatFillsBatchesHasThemWrittenWhenFullOrOnceTheMaxDelayHasPassed() throws Exception {
        SyncPipeline pipeline = new SyncPipeline(config(3, 3), writer, EntryPoint.kafkaTask(null));
        pipeline.process(List.of(insert(V1, 1, 10), insert(V1, 2, 11)));
        pipeline.process(List.of(insert(V1, 3, 12), insert(V1, 4, 13)));
        assertThat(writer.log).as("full at 3 rows; the 4th waits").containsExactly("create.table t", "write 3 rows @12");

        long dueInMs = pipeline.flushIfDue();
        assertThat(dueInMs).isBetween(1L, 50L);
        assertThat(writer.batches).hasSize(1);
        Thread.sleep(dueInMs + 5);
        assertThat(pipeline.flushIfDue()).as("nothing waits any more").isZero();
        assertThat(writer.log).containsExactly("create.table t", "write 3 rows @12", "write 1 rows @13");
        assertThat(pipeline.offsets().durableEvents()).isEqualTo(4);
    }

    /** The first row of a table's snapshot, as Debezium marks it. */
    private static SourceEvent snapshotStart(int id, long lsn) {
        Schema source = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.INT64_SCHEMA).field("snapshot", Schema.STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("t.Envelope").field("before", V1).field("after", V1)
                .field("source", source).field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope).put("after", new Struct(V1).put("id", id)).put("op", "r").put("source",
                new Struct(source).put("schema", "public").put("table", "t").put("lsn", lsn).put("snapshot", "first"));
        return SourceEvent.change(new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", KEY,
                new Struct(KEY).put("id", id), envelope, value), Map.of("server", "s"), Map.of("lsn", lsn));
    }

    private static SourceEvent notAChangeEvent(long lsn) {
        return SourceEvent.change(new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", Schema.STRING_SCHEMA,
                "junk"), Map.of("server", "s"), Map.of("lsn", lsn));
    }

    private static PipelineConfig config(int maxRows, int attempts) {
        return config(maxRows, attempts, null);
    }

    private static PipelineConfig config(int maxRows, int attempts, Duration maxDelay) {
        SourceSettings source = () -> List.of("public.t");
        TargetSettings target = () -> "a test target";
        return new PipelineConfig("p", source, target, List.of(), null, null, new BatchConfig(maxRows, maxDelay, 5),
                new ErrorsConfig(null, null, new RetryConfig(attempts, Duration.ofMillis(1))));
    }

    private static SourceEvent insert(Schema row, int id, long lsn) {
        Schema envelope = SchemaBuilder.struct().name("t.Envelope").field("before", row).field("after", row)
                .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
        Struct after = new Struct(row).put("id", id);
        Struct value = new Struct(envelope).put("after", after).put("op", "c")
                .put("source", new Struct(SOURCE).put("schema", "public").put("table", "t").put("lsn", lsn));
        return SourceEvent.change(new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", KEY,
                new Struct(KEY).put("id", id), envelope, value), Map.of("server", "s"), Map.of("lsn", lsn));
    }

    private static SourceEvent marker(String status, long lsn) {
        Schema schema = SchemaBuilder.struct().name("io.debezium.connector.common.TransactionMetadataValue")
                .field("status", Schema.STRING_SCHEMA).field("id", Schema.STRING_SCHEMA).build();
        SourceRecord record = new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "tx", schema,
                new Struct(schema).put("status", status).put("id", "tx@" + lsn));
        return new SourceEvent(record, Map.of("server", "s"), Map.of("lsn", lsn),
                status.equals("BEGIN") ? SourceEvent.Role.TRANSACTION_BEGIN : SourceEvent.Role.TRANSACTION_END);
    }

    private record SourceRecordEvent(Schema schema, Struct value, long lsn) {
        SourceEvent event() {
            return SourceEvent.change(new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "hb", schema, value),
                    Map.of("server", "s"), Map.of("lsn", lsn));
        }
    }

    /** A writer that takes two batches at once and holds their outcome until told; notes how each was handed over. */
    private static final class TwoInFlight extends RecordingWriter {
        final List<String> handed = new ArrayList<>();
        final List<CompletableFuture<Void>> held = new ArrayList<>();
        boolean holding = true;

        @Override
        public WriterCapabilities capabilities() {
            return new WriterCapabilities(true, 2, WriterCapabilities.KeylessTables.REFUSED);
        }

        @Override
        public CompletionStage<Void> write(WriteBatch batch) {
            handed.add("@" + batch.checkpoint().entries().get(0).offset().get("lsn")
                    + (batch.oldestUnsettled() ? " oldest" : " behind"));
            CompletableFuture<Void> done = holding ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            held.add(done);
            return done;
        }

        /** Batches @10 and @11 handed over; @10 fails as the connection drops, @11 is refused behind it. */
        SyncPipeline firstFailsAndSecondIsRefused() {
            SyncPipeline pipeline = new SyncPipeline(config(8192, 3), this);
            pipeline.process(List.of(insert(V1, 1, 10)));
            pipeline.process(List.of(insert(V1, 2, 11)));
            holding = false;
            held.get(0).completeExceptionally(new WriteException("connection lost", true, null));
            held.get(1).completeExceptionally(WriteException.notAttempted("a batch before it failed"));
            return pipeline;
        }
    }

    /** Records calls; fails the next writes with the queued exceptions. */
    private static class RecordingWriter extends TransactionalTestWriter {
        final List<String> log = new ArrayList<>();
        final List<WriteBatch> batches = new ArrayList<>();
        final List<WriteException> failures = new ArrayList<>();
        /** The id of a row the target refuses, or null. */
        Integer refusedId;
        final Map<TableId, TableSchema> tables = new HashMap<>();

        @Override
        public Optional<TableSchema> describe(TableId table) {
            return Optional.ofNullable(tables.get(table));
        }

        @Override
        public void apply(SchemaChange change) {
            tables.put(change.table(), change.applyTo(tables.get(change.table())));
            log.add(change.tag() + " " + change.table());
        }

        @Override
        public CompletionStage<Void> write(WriteBatch batch) {
            if (!failures.isEmpty()) {
                return CompletableFuture.failedFuture(failures.remove(0));
            }
            for (var table : batch.tables()) {
                for (DataChange change : table.upserts()) {
                    if (refusedId != null && refusedId.equals(change.after().get("id"))) {
                        return CompletableFuture.failedFuture(new RowRejectedException(change, "refused", null));
                    }
                }
            }
            batches.add(batch);
            Checkpoint.Entry last = batch.checkpoint().entries().get(0);
            log.add("write " + batch.rows() + " rows @" + last.offset().get("lsn"));
            return CompletableFuture.completedFuture(null);
        }
    }
}
