package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.pipeline.CaptureSink;
import dev.cdcsync.core.pipeline.DeadLetterRecorder;
import dev.cdcsync.core.pipeline.EntryPoint;
import dev.cdcsync.core.pipeline.FanOut;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.SyncPipeline;
import dev.cdcsync.core.pipeline.TargetLane;
import dev.cdcsync.core.spi.DeadLetterStore;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what one pipeline's capture feeds: for one target, its {@link SyncPipeline}; for several ({@code targets:}), a
 * {@link FanOut} of one pipeline per target, each named {@code <type>-<n>} in metrics and status.
 */
final class PipelineWiring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWiring.class);

    /** One target's side: its name in metrics, its meters, its pipeline and (in a fan-out) its lane. */
    record Target(String name, PipelineMeters meters, SyncPipeline pipeline, TargetLane lane) {
    }

    private final Writers writers;
    private final List<TargetWriter> openWriters = new ArrayList<>();
    private final List<DeadLetterStore> deadLetterStores = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final CaptureSink sink;

    PipelineWiring(PipelineConfig p, Writers writers, MeterRegistry registry) {
        this.writers = writers;
        try {
            for (int i = 0; i < p.targets().size(); i++) {
                targets.add(target(p, p.targets().get(i), i, registry));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.sink = p.fansOut() ? new FanOut(p.name(), targets.stream().map(Target::lane).toList(), rejoinMs(p))
                : targets.get(0).pipeline();
    }

    private Target target(PipelineConfig p, TargetSettings settings, int index, MeterRegistry registry) {
        String name = targetName(p, index, writers);
        PipelineConfig one = p.withTarget(settings);
        PipelineMeters meters = new PipelineMeters(registry, p.name(), name);
        // A target that is restarting or unreachable at start gets the same retries as a failed write.
        TargetWriter writer = new RetryPolicy(p.errors().retry(), meters).supply(p.name(),
                () -> writers.forSettings(settings).create(settings, p.name()));
        openWriters.add(writer);
        SyncPipeline pipeline = new SyncPipeline(one, writer, entryPoint(one, writer), meters);
        TargetLane lane = p.fansOut() ? new TargetLane(p.name(), name, pipeline, writer.offsets(), maxBehind(p)) : null;
        return new Target(name, meters, pipeline, lane);
    }

    /** A target's name in metrics and status: its type, numbered in the list's order when there are several. */
    static String targetName(PipelineConfig p, int index, Writers writers) {
        String type = writers.forSettings(p.targets().get(index)).type();
        return p.fansOut() ? type + "-" + (index + 1) : type;
    }

    /** How far one target may fall behind the others (queued events) before it is detached to catch up later. */
    private static long maxBehind(PipelineConfig p) {
        return Math.max(10_000L, 8L * p.batch().maxRows());
    }

    /** How often a detached target is asked whether it answers again: the retry backoff's cap, between 1 and 10 s. */
    private static long rejoinMs(PipelineConfig p) {
        return Math.min(10_000, Math.max(1_000, p.errors().retry().maxBackoff().toMillis()));
    }

    /** The embedded engine, with the dead-letter place when errors.mode is dead-letter. */
    private EntryPoint entryPoint(PipelineConfig p, TargetWriter writer) {
        EntryPoint embedded = EntryPoint.embedded(Sources.debezium(p.source())::isInternal);
        if (!p.errors().deadLetters()) {
            return embedded;
        }
        DeadLetterStore store = p.errors().deadLetterFile() != null
                ? new JsonLinesDeadLetters(Path.of(p.errors().deadLetterFile()))
                : writer.deadLetters().orElseThrow(() -> new IllegalStateException("pipeline " + p.name() + ": target type "
                        + writers.forSettings(p.target()).type() + " keeps no dead letters; set errors.dead-letter-file"));
        deadLetterStores.add(store);
        LOG.info("pipeline {}: rows the target refuses and records that cannot be read go to {}", p.name(), store.where());
        return new EntryPoint(embedded.internal(), new DeadLetterRecorder(p.name(), store), embedded.snapshotReplacesTable(),
                embedded.fillsBatches());
    }

    CaptureSink sink() {
        return sink;
    }

    List<Target> targets() {
        return List.copyOf(targets);
    }

    /** After the capture has stopped: the targets' threads, writers and dead-letter places. */
    @Override
    public void close() {
        if (sink instanceof FanOut fanOut) {
            fanOut.close();
        }
        openWriters.forEach(TargetWriter::close);
        deadLetterStores.forEach(DeadLetterStore::close);
    }
}
