package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import dev.cdcsync.connector.source.CheckpointText;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pipeline of a running daemon, as the operator sees it: its state, figures and source lag. */
final class RunningPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RunningPipeline.class);

    enum State { STARTING, SNAPSHOT, STREAMING, FAILED, STOPPED }

    private final PipelineConfig config;
    private final DebeziumSource source;
    private final List<PipelineWiring.Target> targets;
    private final SnapshotProgress progress;
    /** The source's log position and the checkpoint it was measured against, read together. */
    private record SourceReading(SourceLag lag, String checkpoint) {
    }

    private volatile SourceReading reading = new SourceReading(SourceLag.unknown(null), null);
    private volatile boolean estimated;
    /** Why the pipeline could not start (then there is no source), or null. */
    private final RuntimeException startFailure;

    RunningPipeline(PipelineConfig config, DebeziumSource source, List<PipelineWiring.Target> targets, MeterRegistry registry) {
        this(config, source, targets, registry, null);
    }

    /** A pipeline that could not start, shown as failed while the others run (on-pipeline-failure: keep-others). */
    static RunningPipeline failedAtStart(PipelineConfig config, RuntimeException error, MeterRegistry registry) {
        return new RunningPipeline(config, null, List.of(), registry, error);
    }

    private RunningPipeline(PipelineConfig config, DebeziumSource source, List<PipelineWiring.Target> targets,
                            MeterRegistry registry, RuntimeException startFailure) {
        this.config = config;
        this.source = source;
        this.startFailure = startFailure;
        this.targets = List.copyOf(targets);
        this.progress = new SnapshotProgress(config.name());
        Tags tags = Tags.of("pipeline", config.name());
        for (State s : State.values()) {
            registry.gauge("cdc_sync_pipeline_state", tags.and("state", s.name().toLowerCase(Locale.ROOT)), this,
                    p -> p.state() == s ? 1 : 0);
        }
        registry.gauge("cdc_sync_source_behind_bytes", tags, this, p -> orNaN(p.reading.lag().behindBytes()));
        registry.gauge("cdc_sync_source_retained_bytes", tags, this, p -> orNaN(p.reading.lag().retainedBytes()));
        for (PipelineWiring.Target t : targets) {
            if (t.lane() != null) {
                registry.gauge("cdc_sync_target_attached", tags.and("target", t.name()), t.lane(), l -> l.attached() ? 1 : 0);
            }
        }
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

    List<PipelineWiring.Target> targets() {
        return targets;
    }

    /** Completes when the pipeline stops; exceptionally if it failed (at once, for one that could not start). */
    java.util.concurrent.CompletableFuture<Void> finished() {
        return source == null ? java.util.concurrent.CompletableFuture.failedFuture(startFailure) : source.finished();
    }

    State state() {
        if (source == null || source.finished().isCompletedExceptionally()) {
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
        if (source == null) {
            return;
        }
        progress.observe(state(), targets.get(0).meters().tables());
        DebeziumSourceSettings settings = Sources.debezium(config.source());
        try {
            dev.cdcsync.core.model.Checkpoint checkpoint = source.pipeline().durability().checkpoint();
            reading = new SourceReading(settings.lag(config.name(), checkpoint), CheckpointText.of(checkpoint));
            if (!estimated) {
                TableRouter router = new TableRouter(config.routes());
                List<TableId> tables = settings.capturedTables(config.name());
                settings.estimatedRows(tables).forEach((t, rows) ->
                        targets.forEach(target -> target.meters().estimate(router.targetOf(t), rows)));
                estimated = true;
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.debug("pipeline {}: cannot read the source's position: {}", config.name(), e.getMessage());
            reading = new SourceReading(SourceLag.unknown(null), null);
        }
    }

    PipelineStatus status() {
        State state = state();
        List<PipelineStatus.TableStatus> tables = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (state == State.FAILED) {
            errors.add(failure());
        }
        for (PipelineWiring.Target t : targets) {
            String suffix = targets.size() > 1 ? " (" + t.name() + ")" : "";
            t.meters().tables().values().stream().sorted(Comparator.comparing(m -> m.table().toString()))
                    .map(m -> new PipelineStatus.TableStatus(m.table() + suffix, m.count(Op.INSERT), m.count(Op.UPDATE),
                            m.count(Op.DELETE), m.count(Op.TRUNCATE), m.count(Op.READ),
                            m.estimatedRows() < 0 ? null : m.estimatedRows(),
                            m.lastLagMs() < 0 ? null : m.lastLagMs() / 1000.0))
                    .forEach(tables::add);
            if (t.lane() != null && t.lane().detachedBecause() != null) {
                errors.add("target " + t.name() + " detached, catching up later: " + t.lane().detachedBecause());
            } else if (state != State.FAILED && t.meters().lastError() != null) {
                errors.add((targets.size() > 1 ? "target " + t.name() + ": " : "") + t.meters().lastError());
            }
        }
        long lag = lagMs();
        SourceReading read = reading;
        SourceLag s = read.lag();
        // The checkpoint the source's figures were measured against, so that the columns agree; the live one without them.
        String checkpoint = source == null ? null
                : read.checkpoint() != null ? read.checkpoint() : CheckpointText.of(source.pipeline().durability().checkpoint());
        return new PipelineStatus(config.name(), state.name().toLowerCase(Locale.ROOT), Sources.forSettings(config.source())
                .type(), String.join(", ", config.targets().stream().map(t -> t.where()).toList()),
                checkpoint, s.current(),
                s.behindBytes() < 0 ? null : s.behindBytes(), s.retainedBytes() < 0 ? null : s.retainedBytes(),
                lag < 0 ? null : lag / 1000.0, errors.isEmpty() ? null : String.join("; ", errors.stream()
                        .filter(Objects::nonNull).toList()), tables);
    }

    private String failure() {
        try {
            finished().join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return Causes.joined(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            return "cancelled";
        }
    }

    /** The lag the readiness check compares, in ms (the slowest target's); -1 before any streamed change. */
    long lagMs() {
        return targets.stream().mapToLong(t -> t.meters().lastLagMs()).max().orElse(-1);
    }

    /** Whether every target takes the capture's changes (none detached). */
    boolean allTargetsAttached() {
        return targets.stream().allMatch(t -> t.lane() == null || t.lane().attached());
    }
}
