package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.CaptureSink;
import dev.cdcsync.core.pipeline.VersionStamp;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded-engine entry point of one pipeline: runs Debezium engines ({@link EngineRun}) feeding one
 * {@link SyncPipeline} and decides what follows when one stops. Each engine starts from the checkpoint the target
 * holds, after the source's resume check; a connector that lost its source (Debezium's own retries are off, see
 * {@link DebeziumProperties}) is replaced by a new one, with the pipeline's backoff, which replays from that
 * checkpoint while the pipeline drops what it held beyond it ({@link SyncPipeline#startFrom}).
 */
public final class DebeziumSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumSource.class);

    private final PipelineConfig config;
    private final CaptureSink pipeline;
    private final DebeziumSourceSettings source;
    private final boolean watchDisconnects;
    private final RetryPolicy retry;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Restarts after a lost source in a row; reset by every batch that gets through. */
    private final AtomicInteger restarts = new AtomicInteger();
    private final ScheduledExecutorService restarter;
    private volatile boolean closing;
    /** The engine that runs now; reports of any other (replaced, or stopped on purpose) are ignored. */
    private volatile EngineRun current;
    /** The thread of the source's own initial load while it runs (see {@link SourceLoad}), else null or ended. */
    private volatile Thread loading;

    public DebeziumSource(PipelineConfig config, CaptureSink pipeline) {
        this.config = config;
        this.pipeline = pipeline;
        SourceFactory factory = Sources.forSettings(this.config.source());
        this.source = factory.settingsType().cast(this.config.source());
        this.watchDisconnects = factory.watchDisconnects();
        this.retry = new RetryPolicy(config.errors().retry(), pipeline.metrics());
        this.restarter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-sync-" + config.name() + "-restart");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        // A source that is restarting while the daemon starts gets the same retries as a failed write.
        retryReaching(() -> {
            source.prepare(config.name());
            return null;
        });
        CheckpointOffsetBackingStore.register(config.name(),
                () -> PgLoadProgress.live(VersionStamp.strip(pipeline.durability().checkpoint())));
        pipeline.onRewindWanted(this::rewind);
        LostValueAlarm.install();
        startEngine();
    }

    private synchronized void startEngine() {
        // The target's checkpoint, or empty where DebeziumSourceSettings#resumeFrom decided to start over.
        Optional<Checkpoint> committed = Optional.of(pipeline.committedCheckpoint()).filter(c -> !c.isEmpty())
                .flatMap(this::withEveryTargetsLoad);
        Optional<Checkpoint> from = retryReaching(() -> source.resumeFrom(config.name(), committed));
        Optional<SourceLoad> load = retryReaching(() -> source.initialLoad(config.name(), from, config.batch().maxRows()));
        if (load.isPresent()) {
            pipeline.startFrom(load.get().fromNothing() ? Checkpoint.EMPTY : from.orElse(Checkpoint.EMPTY),
                    load.get().replaced());
            loading = new Thread(() -> runLoad(load.get()), "cdc-sync-" + config.name() + "-load");
            loading.setDaemon(true);
            loading.start();
            return;
        }
        List<TableId> replaced = source.snapshotRuns(from) ? retryReaching(() -> source.capturedTables(config.name())) : List.of();
        pipeline.startFrom(from.orElse(Checkpoint.EMPTY), replaced); // the previous engine, if any, has stopped
        current = new EngineRun(config, pipeline, watchDisconnects, new Listener());
    }

    /**
     * The checkpoint to resume from, given the targets of a fan-out whose load was cut short: they may hold different
     * chunks of it (each settles on its own thread, and one may have dropped out), so the load resumes where the
     * target furthest behind left each table. Empty, to start over, when a target holds nothing of that load.
     */
    private Optional<Checkpoint> withEveryTargetsLoad(Checkpoint committed) {
        // One target's checkpoint was just read as the committed one: asking again would read the target twice.
        if (!config.fansOut()) {
            return Optional.of(committed);
        }
        List<Checkpoint> each = pipeline.targetCheckpoints();
        if (each.stream().noneMatch(PgLoadProgress::inProgress)) {
            return Optional.of(committed);
        }
        Optional<Checkpoint> least = PgLoadProgress.leastOf(committed, each);
        if (least.isPresent()) {
            LOG.info("pipeline {}: the initial load was cut short; it resumes where the target furthest behind left each"
                    + " table (targets further on get those rows again)", config.name());
        } else {
            LOG.warn("pipeline {}: the initial load was cut short, and a target holds nothing of it: it starts over with"
                    + " a new slot, replacing each table in every target", config.name());
        }
        return least;
    }

    /** Runs the source's own load, then the connector; a lost source restarts it from the target's checkpoint. */
    private void runLoad(SourceLoad load) {
        try {
            load.run(pipeline, started::countDown, () -> closing);
            synchronized (this) {
                if (!closing) {
                    // Streams on from where the load left every target that took it: no new plan, which would read
                    // the checkpoint of a fan-out's target that dropped out of the load and resume the load for it at
                    // once, before it answers again (it rejoins, and the load resumes where it left it).
                    current = new EngineRun(config, pipeline, watchDisconnects, new Listener());
                }
            }
        } catch (RuntimeException error) {
            if (closing) {
                return;
            }
            int attempt = SourceUnreachableException.isCause(error) ? restarts.incrementAndGet() : Integer.MAX_VALUE;
            if (attempt < config.errors().retry().maxAttempts()) {
                long backoff = retry.backoff(attempt);
                pipeline.metrics().retried("reaching the source");
                LOG.warn("pipeline {}: the initial load lost the source ({}); resuming it from the target's checkpoint in"
                        + " {} ms (attempt {}/{})", config.name(), error.getMessage(), backoff, attempt,
                        config.errors().retry().maxAttempts());
                restarter.schedule(this::restartLoad, backoff, TimeUnit.MILLISECONDS);
                return;
            }
            LOG.error("pipeline {}: the initial load failed: {}", config.name(), error.getMessage());
            finish(false, null, error);
        }
    }

    private synchronized void restartLoad() {
        if (closing) {
            return;
        }
        try {
            startEngine();
        } catch (RuntimeException e) {
            finish(false, null, e);
        }
    }

    private <T> T retryReaching(java.util.function.Supplier<T> work) {
        return retry.supply(config.name(), "reaching the source", work, SourceUnreachableException.class::isInstance);
    }

    /** Starts a replacement engine; if even that fails (the source stays unreachable), the pipeline stops with why. */
    private synchronized void replace(EngineRun old) {
        if (closing || old != current) {
            return;
        }
        current = null; // what the old engine reports as it stops is moot now
        try {
            old.stop();
            startEngine();
        } catch (RuntimeException e) {
            LOG.error("pipeline {}: cannot restart the connector: {}", config.name(), e.getMessage());
            finish(false, null, e);
        }
    }

    private final class Listener implements EngineRun.Listener {
        @Override
        public void taskStarted(EngineRun run) {
            started.countDown();
        }

        @Override
        public void batchHandled(EngineRun run) {
            restarts.set(0);
        }

        @Override
        public void disconnected(EngineRun run) {
            LOG.warn("pipeline {}: the binlog connection ended (did the source restart?); restarting the connector"
                    + " from the checkpoint", config.name());
            restarter.execute(() -> replace(run));
        }

        @Override
        public void stopped(EngineRun run, boolean success, String message, Throwable error) {
            if (run != current) {
                return;
            }
            boolean unreachable = !success && !closing && SourceUnreachableException.isCause(error);
            int attempt = unreachable ? restarts.incrementAndGet() : 0;
            if (unreachable && attempt < config.errors().retry().maxAttempts()) {
                long backoff = retry.backoff(attempt);
                pipeline.metrics().retried("reaching the source");
                LOG.warn("pipeline {}: the source is unreachable ({}), restarting the connector in {} ms (attempt {}/{})",
                        config.name(), error.getMessage(), backoff, attempt, config.errors().retry().maxAttempts());
                restarter.schedule(() -> replace(run), backoff, TimeUnit.MILLISECONDS);
                return;
            }
            finish(success, message, error);
        }
    }

    private void finish(boolean success, String message, Throwable error) {
        started.countDown();
        if (success) {
            finished.complete(null);
        } else {
            pipeline.metrics().failed(error != null ? error : new IllegalStateException(message));
            finished.completeExceptionally(error != null ? error : new IllegalStateException(message));
        }
    }

    /** Waits until the connector task runs (for PostgreSQL: the slot exists, so later writes are captured). */
    public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit) && !finished.isCompletedExceptionally();
    }

    /** Completes when the engine stops; exceptionally if it failed. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public CaptureSink pipeline() {
        return pipeline;
    }

    /** Restarts the connector from the checkpoint the sink names (a target of several catching up). */
    private void rewind() {
        EngineRun run = current;
        if (run != null && !closing) {
            restarter.execute(() -> replace(run));
        }
    }

    /** What the connector does now; meaningful while {@link #finished()} is not done. */
    public ConnectorPhase phase() {
        Thread load = loading;
        if (load != null && load.isAlive()) {
            return ConnectorPhase.SNAPSHOT;
        }
        return ConnectorPhase.of(DebeziumProperties.topicPrefix(config));
    }

    /** Stops the engine after the batch in flight is written and confirmed. */
    @Override
    public void close() {
        closing = true;
        restarter.shutdownNow();
        EngineRun running;
        synchronized (this) {
            running = current;
        }
        try {
            Thread load = loading;
            if (load != null) {
                load.join(TimeUnit.SECONDS.toMillis(30)); // it stops at its next row; then the writers may close
            }
            if (running != null) {
                running.stop();
            }
        } catch (IllegalStateException e) {
            LOG.warn("pipeline {}: {}", config.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            CheckpointOffsetBackingStore.unregister(config.name());
        }
    }
}
