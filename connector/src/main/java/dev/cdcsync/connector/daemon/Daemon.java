package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import dev.cdcsync.connector.Writers;
import dev.cdcsync.connector.source.DebeziumSource;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.ConfigLoader;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.SyncPipeline;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
    private static final long SOURCE_POLL_SECONDS = 5;

    private final SyncConfig config;
    private final Writers writers = new Writers();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<RunningPipeline> running = new ArrayList<>();
    private final List<PipelineWiring> wirings = new ArrayList<>();
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

    /**
     * Starts every pipeline. One that cannot start stops the daemon (the exception), or with {@code on-pipeline-failure:
     * keep-others} shows as failed while the others run.
     */
    public synchronized void start() {
        for (PipelineConfig p : config.pipelines()) {
            try {
                running.add(start(p));
            } catch (RuntimeException e) {
                if (!config.keepOthersRunning()) {
                    throw e;
                }
                LOG.error("pipeline {} cannot start: {}; on-pipeline-failure is keep-others, so the others run on", p.name(),
                        Causes.joined(e));
                running.add(RunningPipeline.failedAtStart(p, e, registry));
            }
        }
        poller.scheduleWithFixedDelay(() -> running.forEach(RunningPipeline::refresh), 0, SOURCE_POLL_SECONDS,
                TimeUnit.SECONDS);
    }

    private RunningPipeline start(PipelineConfig p) {
        PipelineWiring wiring = new PipelineWiring(p, writers, registry);
        DebeziumSource source = new DebeziumSource(p, wiring.sink());
        try {
            source.start();
        } catch (RuntimeException e) {
            source.close();
            wiring.close();
            throw e;
        }
        wirings.add(wiring);
        LOG.info("pipeline {} started: {} -> {}", p.name(), p.source().tables(),
                p.targets().stream().map(t -> t.where()).toList());
        return new RunningPipeline(p, source, wiring.targets(), registry);
    }

    /** The running pipelines' sources (not those that could not start). */
    public List<DebeziumSource> sources() {
        return running.stream().map(RunningPipeline::source).filter(java.util.Objects::nonNull).toList();
    }

    List<RunningPipeline> running() {
        return List.copyOf(running);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Completes when any pipeline stops on its own (normally only on failure). */
    public CompletableFuture<Object> anyStopped() {
        return CompletableFuture.anyOf(running.stream().map(RunningPipeline::finished).toArray(CompletableFuture[]::new));
    }

    /** Completes when every pipeline has stopped on its own. */
    public CompletableFuture<Void> allStopped() {
        return CompletableFuture.allOf(running.stream().map(p -> p.finished().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    }

    /** The pipeline of a one-target pipeline (tests read its figures). */
    public SyncPipeline pipeline(String name) {
        return running.stream().filter(p -> p.name().equals(name)).findFirst().map(p -> p.targets().get(0).pipeline())
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + name));
    }

    @Override
    public synchronized void close() {
        poller.shutdownNow();
        sources().forEach(DebeziumSource::close);
        wirings.forEach(PipelineWiring::close);
        wirings.clear();
        running.clear();
    }
}
