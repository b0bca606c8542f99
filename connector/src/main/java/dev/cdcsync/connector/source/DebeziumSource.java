package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.decode.TransactionMarker;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.pipeline.SyncPipeline;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.embedded.Connect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Debezium embedded engine feeding one {@link SyncPipeline}. A batch is confirmed to the
 * engine (and so, at its next offset flush, to the source) only after the pipeline has made it
 * durable in the target.
 */
public final class DebeziumSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumSource.class);

    private final PipelineConfig config;
    private final SyncPipeline pipeline;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final RetryPolicy retry;
    private final DebeziumSourceSettings source;
    /** The connector's logical name: it names Debezium's metrics and logging context. */
    private final String connectorName;
    private int engineRestarts;
    private volatile boolean closing;
    /** Counts engines started; a callback of an engine that has since been replaced is ignored. */
    private volatile int generation;
    private volatile DisconnectWatch watch;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private Thread thread;

    public DebeziumSource(PipelineConfig config, SyncPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
        this.retry = new RetryPolicy(config.errors().retry());
        this.source = (DebeziumSourceSettings) config.source();
        this.connectorName = DebeziumProperties.topicPrefix(config);
    }

    public void start() {
        // A source that is restarting while the daemon starts gets the same retries as a failed write.
        retry.supply(config.name(), "reaching the source", () -> {
            source.prepare(config.name());
            return null;
        }, SourceUnreachableException.class::isInstance);
        CheckpointOffsetBackingStore.register(config.name(), pipeline.offsets()::checkpoint);
        LostValueAlarm.install();
        startEngine();
    }

    private synchronized void startEngine() {
        // The target's checkpoint, or empty where DebeziumSourceSettings#resumeFrom decided to start over.
        Optional<Checkpoint> committed = Optional.of(pipeline.committedCheckpoint()).filter(c -> !c.isEmpty());
        Optional<Checkpoint> startFrom = retry.supply(config.name(), "reaching the source",
                () -> source.resumeFrom(config.name(), committed), SourceUnreachableException.class::isInstance);
        List<TableId> replaced = source.snapshotRuns(startFrom)
                ? retry.supply(config.name(), "reaching the source", () -> source.capturedTables(config.name()),
                        SourceUnreachableException.class::isInstance)
                : List.of();
        pipeline.startFrom(startFrom.orElse(Checkpoint.EMPTY), replaced); // the previous engine, if any, has stopped
        EngineConfirmations confirmations = new EngineConfirmations(pipeline.offsets());
        LostValueAlarm.reset(connectorName);
        int current = ++generation;
        engine = DebeziumEngine.create(Connect.class)
                .using(DebeziumProperties.forPipeline(config))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .using((success, message, error) -> engineStopped(current, success && error == null, message, error))
                .notifying((records, committer) -> handleBatch(records, committer, confirmations))
                .build();
        thread = new Thread(engine, "cdc-sync-" + config.name());
        thread.start();
        if (source instanceof BinlogSource) {
            watch = new DisconnectWatch(connectorName, config.name(), 2000, () -> replaceEngine(current));
        }
    }

    /** Starts a replacement engine; if even that fails (the source stays unreachable), the pipeline stops with why. */
    private void restartEngine() {
        try {
            startEngine();
        } catch (RuntimeException e) {
            LOG.error("pipeline {}: cannot restart the connector: {}", config.name(), e.getMessage());
            started.countDown();
            finished.completeExceptionally(e);
        }
    }

    /** The binlog connection ended and the connector sits idle: a new one resumes from the target's checkpoint. */
    private void replaceEngine(int disconnected) {
        Thread replace = new Thread(() -> {
            synchronized (this) {
                if (closing || disconnected != generation) {
                    return;
                }
                LOG.warn("pipeline {}: the binlog connection ended (did the source restart?); restarting the connector"
                        + " from the checkpoint", config.name());
                generation++; // what the engine reports as it stops is moot now
                stopEngine(engine, thread);
                restartEngine();
            }
        }, "cdc-sync-" + config.name() + "-restart");
        replace.start();
    }

    /**
     * A connector that lost its source (Debezium's own retries are off, see {@link DebeziumProperties}) is
     * replaced by a new engine, which replays from the checkpoint the target holds: the pipeline drops what it
     * held beyond it ({@link SyncPipeline#startFrom}) rather than writing it twice.
     */
    private void engineStopped(int stopped, boolean success, String message, Throwable error) {
        if (stopped != generation) {
            return; // stopped on purpose, and replaced
        }
        closeWatch(); // its engine is gone: only this callback decides what comes next
        boolean unreachable = !success && !closing && SourceUnreachableException.isCause(error);
        if (unreachable && ++engineRestarts < config.errors().retry().maxAttempts()) {
            long backoff = retry.backoff(engineRestarts);
            LOG.warn("pipeline {}: the source is unreachable ({}), restarting the connector in {} ms (attempt {}/{})",
                    config.name(), error.getMessage(), backoff, engineRestarts, config.errors().retry().maxAttempts());
            Thread restart = new Thread(() -> {
                sleep(backoff);
                synchronized (this) {
                    if (!closing && stopped == generation) {
                        restartEngine();
                    }
                }
            }, "cdc-sync-" + config.name() + "-restart");
            restart.start();
            return;
        }
        started.countDown();
        if (success) {
            finished.complete(null);
        } else {
            finished.completeExceptionally(error != null ? error : new IllegalStateException(message));
        }
    }

    private void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer,
                             EngineConfirmations confirmations) throws InterruptedException {
        LostValueAlarm.raised(connectorName).ifPresent(loss -> {
            throw new IllegalStateException("Debezium lost a value while reading the source (" + loss + "); nothing of"
                    + " this batch was written. Report the type; a `debezium:` setting may carry it.");
        });
        List<SourceEvent> events = new ArrayList<>(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> r : records) {
            events.add(event(r.value()));
        }
        confirmations.handed(records);
        pipeline.process(events);
        confirmations.confirm(committer);
        engineRestarts = 0;
    }

    /** Debezium's transaction markers become the boundaries the pipeline commits whole transactions by. */
    private static SourceEvent event(SourceRecord record) {
        SourceEvent.Role role = TransactionMarker.of(record).map(m -> m == TransactionMarker.BEGIN
                ? SourceEvent.Role.TRANSACTION_BEGIN : SourceEvent.Role.TRANSACTION_END).orElse(SourceEvent.Role.CHANGE);
        return new SourceEvent(record, record.sourcePartition(), record.sourceOffset(), role);
    }

    /** Waits until the connector task runs (for PostgreSQL: the slot exists, so later writes are captured). */
    public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit) && !finished.isCompletedExceptionally();
    }

    /** Completes when the engine stops; exceptionally if it failed. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    public SyncPipeline pipeline() {
        return pipeline;
    }

    /** Stops the engine after the batch in flight is written and confirmed. */
    @Override
    public void close() {
        closing = true;
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> running;
        Thread runner;
        synchronized (this) {
            running = engine;
            runner = thread;
        }
        try {
            stopEngine(running, runner);
        } finally {
            CheckpointOffsetBackingStore.unregister(config.name());
        }
    }

    private void stopEngine(DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> running, Thread runner) {
        closeWatch();
        if (running == null) {
            return;
        }
        try {
            if (!finished.isDone()) { // an engine that stopped on an error has shut itself down
                running.close();
            }
            runner.join(TimeUnit.SECONDS.toMillis(60));
        } catch (IOException | RuntimeException e) {
            LOG.warn("pipeline {}: engine did not close cleanly: {}", config.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeWatch() {
        DisconnectWatch w = watch;
        if (w != null) {
            w.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
