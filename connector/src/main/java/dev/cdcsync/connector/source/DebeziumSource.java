package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.pipeline.SyncPipeline;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.embedded.Connect;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
    private final ArrayDeque<ChangeEvent<SourceRecord, SourceRecord>> unconfirmed = new ArrayDeque<>();
    private long confirmed;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private Thread thread;

    public DebeziumSource(PipelineConfig config, SyncPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    public void start() {
        DebeziumSourceSettings source = (DebeziumSourceSettings) config.source();
        source.prepare(config.name());
        pipeline.committedCheckpoint().ifPresent(checkpoint -> ResumeCheck.verify(source, config.name(), checkpoint));
        CheckpointOffsetBackingStore.register(config.name(), pipeline::committedCheckpoint);
        engine = DebeziumEngine.create(Connect.class)
                .using(DebeziumProperties.forPipeline(config))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .using((success, message, error) -> {
                    started.countDown();
                    if (success && error == null) {
                        finished.complete(null);
                    } else {
                        finished.completeExceptionally(error != null ? error : new IllegalStateException(message));
                    }
                })
                .notifying(this::handleBatch)
                .build();
        thread = new Thread(engine, "cdc-sync-" + config.name());
        thread.start();
    }

    private void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<SourceEvent> events = new ArrayList<>(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> r : records) {
            SourceRecord record = r.value();
            events.add(new SourceEvent(record, record.sourcePartition(), record.sourceOffset()));
        }
        pipeline.process(events);
        unconfirmed.addAll(records);
        // Confirm, in order, exactly the events the target now holds; an open transaction's wait.
        while (confirmed < pipeline.durableEvents()) {
            committer.markProcessed(unconfirmed.removeFirst());
            confirmed++;
        }
        committer.markBatchFinished();
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
        if (engine == null) {
            return;
        }
        try {
            if (!finished.isDone()) { // an engine that stopped on an error has shut itself down
                engine.close();
            }
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (IOException e) {
            LOG.warn("pipeline {}: engine did not close cleanly: {}", config.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            CheckpointOffsetBackingStore.unregister(config.name());
        }
    }
}
