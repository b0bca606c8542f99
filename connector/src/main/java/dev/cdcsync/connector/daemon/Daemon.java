package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.connector.source.DebeziumSource;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.ConfigLoader;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.DeadLetterRecorder;
import dev.cdcsync.core.pipeline.EntryPoint;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.SyncPipeline;
import dev.cdcsync.core.spi.DeadLetterStore;
import dev.cdcsync.core.spi.TargetWriter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every pipeline of a config in this JVM, one Debezium engine each, and keeps what the operator sees of them
 * (metrics, states). {@link #close()} stops them after the batches in flight are written and checkpointed.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long SOURCE_POLL_SECONDS = 10;

    private final SyncConfig config;
    private final Writers writers = new Writers();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<RunningPipeline> running = new ArrayList<>();
    private final List<TargetWriter> openWriters = new ArrayList<>();
    private final List<DeadLetterStore> deadLetterStores = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdc-sync-source-poll");
        t.setDaemon(true);
        return t;
    });

    public Daemon(SyncConfig config) {
        this.config = config;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The loader that knows every source type and every writer on the class path. */
    public static ConfigLoader configLoader(Function<String, String> env) {
        return new ConfigLoader(Sources.settingsTypes(), new Writers().settingsTypes(), env);
    }

    public synchronized void start() {
        for (PipelineConfig p : config.pipelines()) {
            PipelineMeters meters = new PipelineMeters(registry, p.name(), writers.forSettings(p.target()).type());
            // A target that is restarting or unreachable at start gets the same retries as a failed write.
            TargetWriter writer = new RetryPolicy(p.errors().retry(), meters).supply(p.name(),
                    () -> writers.forSettings(p.target()).create(p.target(), p.name()));
            openWriters.add(writer);
            DebeziumSource source = new DebeziumSource(p, new SyncPipeline(p, writer, entryPoint(p, writer), meters));
            RunningPipeline pipeline = new RunningPipeline(p, source, meters, registry);
            running.add(pipeline);
            source.start();
            LOG.info("pipeline {} started: {} -> {}", p.name(), p.source().tables(), p.target().where());
        }
        poller.scheduleWithFixedDelay(() -> running.forEach(RunningPipeline::refresh), 0, SOURCE_POLL_SECONDS,
                TimeUnit.SECONDS);
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

    public List<DebeziumSource> sources() {
        return running.stream().map(RunningPipeline::source).toList();
    }

    List<RunningPipeline> running() {
        return List.copyOf(running);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    SyncConfig config() {
        return config;
    }

    /** Completes when any pipeline stops on its own (normally only on failure). */
    public CompletableFuture<Object> anyStopped() {
        return CompletableFuture.anyOf(sources().stream().map(DebeziumSource::finished).toArray(CompletableFuture[]::new));
    }

    /** Completes when every pipeline has stopped on its own. */
    public CompletableFuture<Void> allStopped() {
        return CompletableFuture.allOf(sources().stream().map(s -> s.finished().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    }

    public SyncPipeline pipeline(String name) {
        return sources().stream().map(DebeziumSource::pipeline).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + name));
    }

    @Override
    public synchronized void close() {
        poller.shutdownNow();
        for (RunningPipeline p : running) {
            p.source().close();
        }
        for (TargetWriter w : openWriters) {
            w.close();
        }
        deadLetterStores.forEach(DeadLetterStore::close);
        deadLetterStores.clear();
        running.clear();
        openWriters.clear();
    }
}
