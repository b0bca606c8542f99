package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.source.DebeziumSource;
import dev.cdcsync.connector.source.DebeziumSourceSettings;
import dev.cdcsync.connector.source.SourceLag;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.TableRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pipeline of a running daemon, as the operator sees it: its state, figures and source lag. */
final class RunningPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RunningPipeline.class);

    enum State { STARTING, SNAPSHOT, STREAMING, FAILED, STOPPED }

    private final PipelineConfig config;
    private final DebeziumSource source;
    private final PipelineMeters meters;
    private volatile SourceLag sourceLag = SourceLag.unknown(null);
    private volatile boolean estimated;
    private final SnapshotProgress progress;

    RunningPipeline(PipelineConfig config, DebeziumSource source, PipelineMeters meters, MeterRegistry registry) {
        this.config = config;
        this.source = source;
        this.meters = meters;
        this.progress = new SnapshotProgress(config.name());
        Tags tags = Tags.of("pipeline", config.name());
        for (State s : State.values()) {
            registry.gauge("cdc_sync_pipeline_state", tags.and("state", s.name().toLowerCase(Locale.ROOT)), this,
                    p -> p.state() == s ? 1 : 0);
        }
        registry.gauge("cdc_sync_source_behind_bytes", tags, this, p -> orNaN(p.sourceLag.behindBytes()));
        registry.gauge("cdc_sync_source_retained_bytes", tags, this, p -> orNaN(p.sourceLag.retainedBytes()));
    }

    private static double orNaN(long bytes) {
        return bytes < 0 ? Double.NaN : bytes;
    }

    String name() {
        return config.name();
    }

    DebeziumSource source() {
        return source;
    }

    State state() {
        if (source.finished().isCompletedExceptionally()) {
            return State.FAILED;
        }
        if (source.finished().isDone()) {
            return State.STOPPED;
        }
        return switch (source.phase()) {
            case STARTING -> State.STARTING;
            case SNAPSHOT -> State.SNAPSHOT;
            case STREAMING -> State.STREAMING;
        };
    }

    /**
     * Asks the source where its log is (and, once, the captured tables' row estimates), and logs snapshot progress;
     * called every few seconds.
     */
    void refresh() {
        progress.observe(state(), meters.tables());
        DebeziumSourceSettings settings = Sources.debezium(config.source());
        try {
            sourceLag = settings.lag(config.name(), source.pipeline().offsets().checkpoint());
            if (!estimated) {
                TableRouter router = new TableRouter(config.routes());
                List<TableId> tables = settings.capturedTables(config.name());
                settings.estimatedRows(tables).forEach((t, rows) -> meters.estimate(router.targetOf(t), rows));
                estimated = true;
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.debug("pipeline {}: cannot read the source's position: {}", config.name(), e.getMessage());
            sourceLag = SourceLag.unknown(null);
        }
    }

    PipelineStatus status() {
        State state = state();
        long lag = meters.lastLagMs();
        String error = state == State.FAILED ? failure() : meters.lastError();
        List<PipelineStatus.TableStatus> tables = meters.tables().values().stream()
                .sorted(Comparator.comparing(m -> m.table().toString()))
                .map(m -> new PipelineStatus.TableStatus(m.table().toString(), m.count(Op.INSERT), m.count(Op.UPDATE),
                        m.count(Op.DELETE), m.count(Op.TRUNCATE), m.count(Op.READ),
                        m.estimatedRows() < 0 ? null : m.estimatedRows()))
                .toList();
        SourceLag s = sourceLag;
        return new PipelineStatus(config.name(), state.name().toLowerCase(Locale.ROOT), Sources.forSettings(config.source())
                .type(), config.target().where(), source.pipeline().stats().lastPosition(), s.current(),
                s.behindBytes() < 0 ? null : s.behindBytes(), s.retainedBytes() < 0 ? null : s.retainedBytes(),
                lag < 0 ? null : lag / 1000.0, error, tables);
    }

    private String failure() {
        try {
            source.finished().join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return RunCommand.rootMessage(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            return "cancelled";
        }
    }

    /** The lag the readiness check compares, in ms; -1 before any streamed change. */
    long lagMs() {
        return meters.lastLagMs();
    }
}
