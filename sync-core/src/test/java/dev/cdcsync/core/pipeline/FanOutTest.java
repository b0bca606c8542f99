package dev.cdcsync.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SourceSettings;
import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** One capture, two targets: how a source's own load is paced and awaited, and what a rewind sends each again. */
class FanOutTest {

    private static final TableId T = TableId.of("public", "t");
    private static final TableSchema SCHEMA = new TableSchema(T,
            List.of(new Column("id", ColumnType.of(ColumnType.Kind.INT32), false)), List.of("id"));
    /** Events a target may have queued before it is detached. */
    private static final long MAX_BEHIND = 100;

    @Test
    void aLoadWaitsForASlowTargetInsteadOfDetachingItAndEndsWithEveryRowInBoth() {
        CountingWriter fast = new CountingWriter(0);
        CountingWriter slow = new CountingWriter(3);
        List<TargetLane> lanes = lanes(fast, slow);
        FanOut fan = new FanOut("p", lanes, 60_000);
        fan.startFrom(Checkpoint.EMPTY, List.of(T));
        for (int batch = 0; batch < 40; batch++) { // 400 rows: four times what the slow target may have queued
            List<SourceEvent> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rows.add(loadedRow(batch * 10 + i));
            }
            fan.process(rows);
        }
        fan.awaitLoaded();

        assertThat(lanes).allSatisfy(lane -> assertThat(lane.attached()).as(lane.name()).isTrue());
        assertThat(fast.rows).hasValue(400);
        assertThat(slow.rows).as("awaitLoaded returns once the slow target holds the whole load").hasValue(400);
        fan.close();
    }

    @Test
    void aRewindForAnotherTargetSkipsWhatATargetCommittedBeforeItsPipelineSettledIt() throws Exception {
        CountingWriter first = CountingWriter.completingLate(50);
        CountingWriter second = CountingWriter.completingLate(50);
        List<TargetLane> lanes = lanes(first, second);
        FanOut fan = new FanOut("p", lanes, 60_000);
        fan.startFrom(Checkpoint.EMPTY, List.of());
        List<SourceEvent> streamed = List.of(insert(1, 101), insert(2, 102), insert(3, 103));
        fan.process(streamed, false);
        // Both targets commit the batch after their pipelines handed it over; nothing comes that would settle it.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((first.rows.get() < 3 || second.rows.get() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);

        // The capture restarts from before those changes (as for a target that answers again) and sends them again.
        fan.startFrom(new Checkpoint(List.of(new Checkpoint.Entry(Map.of("server", "s"), Map.of("lsn", 100L)))), List.of());
        fan.process(streamed, false);
        fan.awaitLoaded(); // every attached target has settled what it was given

        assertThat(first.rows).as("each change once in the first target").hasValue(3);
        assertThat(second.rows).as("and in the second").hasValue(3);
        fan.close();
    }

    private static List<TargetLane> lanes(CountingWriter... writers) {
        List<TargetLane> lanes = new ArrayList<>();
        for (int i = 0; i < writers.length; i++) {
            SyncPipeline pipeline = new SyncPipeline(config(), writers[i], EntryPoint.embedded(t -> false));
            lanes.add(new TargetLane("p", "target-" + (i + 1), pipeline, writers[i].offsets(), MAX_BEHIND));
        }
        return lanes;
    }

    /** A streamed insert of row {@code id}, committed at {@code lsn}, as the PostgreSQL connector sends it. */
    private static SourceEvent insert(int id, long lsn) {
        Schema key = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name("row").optional().field("id", Schema.INT32_SCHEMA).build();
        Schema source = SchemaBuilder.struct().field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.INT64_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("t.Envelope").field("before", row).field("after", row)
                .field("source", source).field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope).put("after", new Struct(row).put("id", id)).put("op", "c")
                .put("source", new Struct(source).put("schema", "public").put("table", "t").put("lsn", lsn));
        return SourceEvent.change(new SourceRecord(Map.of("server", "s"), Map.of("lsn", lsn), "t", key,
                new Struct(key).put("id", id), envelope, value), Map.of("server", "s"), Map.of("lsn", lsn));
    }

    private static SourceEvent loadedRow(int id) {
        Map<String, Object> row = Map.of("id", id);
        SourcePosition at = new SourcePosition("snapshot", ChangeVersion.NONE, "snapshot#" + id, 0, null);
        DataChange change = new DataChange(DataChange.Op.READ, T, RowKey.of(List.of("id"), row), null, row, at);
        return SourceEvent.loaded(new DecodedChange(change, SCHEMA, false), null, null);
    }

    private static PipelineConfig config() {
        SourceSettings source = () -> List.of("public.t");
        TargetSettings target = () -> "a test target";
        return new PipelineConfig("p", source, target, List.of(), null, null, new BatchConfig(10, null, null), null);
    }

    /**
     * A transactional target that counts the rows it is given, taking {@code millis} per batch; or, {@linkplain
     * #completingLate completing late}, answering each write that long after it was handed over, as an asynchronous
     * writer does.
     */
    private static final class CountingWriter extends TransactionalTestWriter {
        final AtomicInteger rows = new AtomicInteger();
        private final long millis;
        private final boolean late;
        private TableSchema table;

        CountingWriter(long millis) {
            this(millis, false);
        }

        private CountingWriter(long millis, boolean late) {
            this.millis = millis;
            this.late = late;
        }

        static CountingWriter completingLate(long millis) {
            return new CountingWriter(millis, true);
        }

        @Override
        public Optional<TableSchema> describe(TableId id) {
            return Optional.ofNullable(table);
        }

        @Override
        public void apply(SchemaChange change) {
            table = change.applyTo(table);
        }

        @Override
        public CompletionStage<Void> write(WriteBatch batch) {
            if (late) {
                return CompletableFuture.runAsync(() -> rows.addAndGet(batch.rows()),
                        CompletableFuture.delayedExecutor(millis, java.util.concurrent.TimeUnit.MILLISECONDS));
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rows.addAndGet(batch.rows());
            return CompletableFuture.completedFuture(null);
        }
    }
}
