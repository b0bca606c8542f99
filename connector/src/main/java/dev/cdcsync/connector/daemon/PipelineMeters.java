package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.PipelineMetrics;
import dev.cdcsync.core.spi.WriteBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline's Prometheus meters (tags {@code pipeline}, {@code target}, and {@code table}, {@code op} where they
 * apply), fed by the core through {@link PipelineMetrics}, and the figures the status page shows. Names and labels
 * carry no secret: pipeline names, target types and table names only.
 */
final class PipelineMeters implements PipelineMetrics {

    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer batchLatency;
    private final Timer lag;
    private final Counter batches;
    private final Counter errors;
    private final Map<TableId, TableMeters> tables = new ConcurrentHashMap<>();
    private volatile long lastLagMs = -1;
    private volatile long lastCommitMs;
    private volatile String lastError;

    PipelineMeters(MeterRegistry registry, String pipeline, String target) {
        this.registry = registry;
        this.tags = Tags.of("pipeline", pipeline, "target", target);
        this.batchLatency = Timer.builder("cdc_sync_batch_write").description("from handing a batch to the writer to"
                + " its commit, retries included").tags(tags).register(registry);
        this.lag = Timer.builder("cdc_sync_lag").description("end-to-end lag of each streamed change: source commit to"
                + " target commit").serviceLevelObjectives(LAG_BUCKETS).tags(tags).register(registry);
        this.batches = Counter.builder("cdc_sync_batches").description("batches committed in the target").tags(tags)
                .register(registry);
        this.errors = Counter.builder("cdc_sync_errors").description("times the pipeline stopped on an error")
                .tags(tags).register(registry);
        registry.gauge("cdc_sync_lag_last_seconds", tags, this, m -> m.lastLagMs < 0 ? Double.NaN : m.lastLagMs / 1000.0);
        // Counters a dashboard rates exist from the start, at 0, so that "none yet" shows as 0 rather than no data.
        for (String what : List.of("write", "reaching the source")) {
            retries(what);
        }
        deadLetters("");
    }

    private Counter retries(String what) {
        return Counter.builder("cdc_sync_retries").description("transient failures retried").tags(tags.and("what", what))
                .register(registry);
    }

    private Counter deadLetters(String table) {
        return Counter.builder("cdc_sync_dead_letters").description("records and rows set aside as dead letters")
                .tags(tags.and("table", table)).register(registry);
    }

    @Override
    public void committed(WriteBatch batch, long writeNanos, long committedAtMs) {
        batches.increment();
        batchLatency.record(writeNanos, TimeUnit.NANOSECONDS);
        long newest = 0;
        for (TableBatch t : batch.tables()) {
            TableMeters m = table(t.schema().id());
            if (t.clearing() == TableBatch.Clearing.TRUNCATE) {
                m.applied(DataChange.Op.TRUNCATE).increment();
            }
            long newestOfTable = Math.max(record(m, t.deletes(), committedAtMs),
                    Math.max(record(m, t.upserts(), committedAtMs), record(m, t.unkeyed(), committedAtMs)));
            if (newestOfTable > 0) {
                m.lastLagMs = Math.max(0, committedAtMs - newestOfTable);
            }
            newest = Math.max(newest, newestOfTable);
        }
        if (newest > 0) {
            lastLagMs = Math.max(0, committedAtMs - newest);
        }
        lastCommitMs = committedAtMs;
    }

    /** Counts the changes by operation and records each streamed change's lag; returns the newest source time. */
    private long record(TableMeters m, List<DataChange> changes, long committedAtMs) {
        long newest = 0;
        int[] byOp = new int[DataChange.Op.values().length];
        for (DataChange c : changes) {
            byOp[c.op().ordinal()]++;
            if (c.op() == DataChange.Op.READ) {
                continue; // a snapshot row's time is the snapshot's, not a commit's
            }
            long at = c.position().sourceTimeMs();
            if (at > 0) {
                lag.record(Math.max(0, committedAtMs - at), TimeUnit.MILLISECONDS);
                newest = Math.max(newest, at);
            }
        }
        for (DataChange.Op op : DataChange.Op.values()) {
            if (byOp[op.ordinal()] > 0) {
                m.applied(op).increment(byOp[op.ordinal()]);
            }
        }
        if (byOp[DataChange.Op.READ.ordinal()] > 0) {
            m.lastSnapshotRowsAtMs = committedAtMs;
        }
        return newest;
    }

    @Override
    public void retried(String what) {
        retries(what).increment();
    }

    @Override
    public void deadLettered(TableId table) {
        deadLetters(table == null ? "" : table.toString()).increment();
    }

    @Override
    public void failed(Throwable error) {
        errors.increment();
        lastError = Causes.joined(error);
    }

    /** Snapshot progress: the catalog's estimate of a table's rows. */
    void estimate(TableId table, long rows) {
        table(table).estimatedRows = rows;
    }

    private TableMeters table(TableId table) {
        return tables.computeIfAbsent(table, t -> new TableMeters(registry, tags.and("table", t.toString()), t));
    }

    Map<TableId, TableMeters> tables() {
        return Map.copyOf(tables);
    }

    /** The lag of the newest change of the last batch that had streamed changes, -1 before any. */
    long lastLagMs() {
        return lastLagMs;
    }

    long lastCommitMs() {
        return lastCommitMs;
    }

    String lastError() {
        return lastError;
    }

    double errors() {
        return errors.count();
    }
}
