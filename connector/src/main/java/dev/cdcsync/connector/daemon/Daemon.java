package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.Writers;

import dev.cdcsync.core.config.ConfigLoader;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.EntryPoint;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.SyncPipeline;
import dev.cdcsync.connector.source.DebeziumSource;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.spi.TargetWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every pipeline of a config in this JVM, one Debezium engine each. {@link #close()} stops
 * them after the batches in flight are written and checkpointed.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final SyncConfig config;
    private final Writers writers = new Writers();
    private final List<DebeziumSource> sources = new ArrayList<>();
    private final List<TargetWriter> openWriters = new ArrayList<>();

    public Daemon(SyncConfig config) {
        this.config = config;
    }

    /** The loader that knows every source type and every writer on the class path. */
    public static ConfigLoader configLoader(Function<String, String> env) {
        return new ConfigLoader(Sources.settingsTypes(), new Writers().settingsTypes(), env);
    }

    public synchronized void start() {
        for (PipelineConfig p : config.pipelines()) {
            // A target that is restarting or unreachable at start gets the same retries as a failed write.
            TargetWriter writer = new RetryPolicy(p.errors().retry()).supply(p.name(),
                    () -> writers.forSettings(p.target()).create(p.target(), p.name()));
            openWriters.add(writer);
            DebeziumSource source = new DebeziumSource(p,
                    new SyncPipeline(p, writer, EntryPoint.embedded(Sources.debezium(p.source())::isInternal)));
            sources.add(source);
            source.start();
            LOG.info("pipeline {} started: {} -> {}", p.name(), p.source().tables(), p.target().where());
        }
    }

    public List<DebeziumSource> sources() {
        return List.copyOf(sources);
    }

    /** Completes when any pipeline stops on its own (normally only on failure). */
    public CompletableFuture<Object> anyStopped() {
        return CompletableFuture.anyOf(sources.stream().map(DebeziumSource::finished).toArray(CompletableFuture[]::new));
    }

    public SyncPipeline pipeline(String name) {
        return sources.stream().map(DebeziumSource::pipeline).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline " + name));
    }

    @Override
    public synchronized void close() {
        for (DebeziumSource s : sources) {
            s.close();
        }
        for (TargetWriter w : openWriters) {
            w.close();
        }
        sources.clear();
        openWriters.clear();
    }
}
