package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.decode.TransactionMarker;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.pipeline.CaptureSink;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium engine feeding the pipeline, from its start until it stops. Its batches go to the pipeline, and
 * it confirms to the engine what the pipeline says the target holds. A replacement engine is a new run, so nothing
 * of one run's counting leaks into the next. Runs on the engine's threads; {@link #stop} from any thread.
 */
final class EngineRun {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRun.class);

    /** What a run reports to its owner; every call names the run, so reports of a replaced run can be ignored. */
    interface Listener {
        /** The connector task runs (for PostgreSQL: the slot exists, so later writes are captured). */
        void taskStarted(EngineRun run);

        /** A batch reached the pipeline and was confirmed as far as the target holds it. */
        void batchHandled(EngineRun run);

        void stopped(EngineRun run, boolean success, String message, Throwable error);

        /** A binlog connection ended and the connector sits idle (see {@link DisconnectWatch}). */
        void disconnected(EngineRun run);
    }

    private final PipelineConfig config;
    private final CaptureSink pipeline;
    private final String connectorName;
    private final EngineConfirmations confirmations;
    /** The engine's {@code max.batch.size}: a batch below it means the engine had no more queued. */
    private final int engineBatch;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final Thread thread;
    private final DisconnectWatch watch;
    private final QuietFlush quiet;
    /** A write that failed while the engine was between batches ({@link #flushIfQuiet}): the run ends with it. */
    private volatile RuntimeException quietFailure;
    private volatile boolean stopped;
    /**
     * Held while a batch is in the pipeline's hands. Closing the engine only interrupts its polling thread and does
     * not wait for it, so the batch in hand may still be written after the engine reports that it stopped: the next
     * engine must not start (the pipeline is not thread-safe, and it would drop and replay what this one still adds).
     */
    private final ReentrantLock handling = new ReentrantLock();
    /** No batch may reach the pipeline any more; guarded by {@link #handling}. */
    private boolean retired;

    /** @param watchDisconnects the connector may sit idle after losing its source (a binlog client) */
    EngineRun(PipelineConfig config, CaptureSink pipeline, boolean watchDisconnects, Listener listener) {
        this.config = config;
        this.pipeline = pipeline;
        this.connectorName = DebeziumProperties.topicPrefix(config);
        this.confirmations = new EngineConfirmations(pipeline.durability());
        LostValueAlarm.reset(connectorName);
        Properties properties = DebeziumProperties.forPipeline(config);
        this.engineBatch = Integer.parseInt(properties.getProperty("max.batch.size"));
        this.quiet = new QuietFlush(config.name(), config.batch().maxDelay().toMillis(), this::flushIfQuiet);
        this.engine = DebeziumEngine.create(Connect.class)
                .using(properties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        listener.taskStarted(EngineRun.this);
                    }
                })
                .using((success, message, error) -> {
                    stopped = true;
                    closeWatch(); // the engine is gone: only the listener decides what comes next
                    Throwable failure = error != null ? error : quietFailure;
                    listener.stopped(this, success && failure == null, failure == error ? message
                            : "a write failed: " + failure.getMessage(), failure);
                })
                .notifying((records, committer) -> {
                    handling.lock();
                    try {
                        if (retired) {
                            throw new IllegalStateException("pipeline " + config.name() + ": this connector was replaced;"
                                    + " its batch is left to the next, which resumes from the target's checkpoint");
                        }
                        long batch = quiet.arrived();
                        if (handleBatch(records, committer)) {
                            quiet.armAfter(batch);
                        }
                    } finally {
                        handling.unlock();
                    }
                    listener.batchHandled(this);
                })
                .build();
        this.watch = watchDisconnects
                ? new DisconnectWatch(connectorName, config.name(), 2000, () -> listener.disconnected(this)) : null;
        this.thread = new Thread(engine, "cdc-sync-" + config.name());
        thread.start();
    }

    /** @return whether the batch was full, and the pipeline may hold what it buffered for the next */
    private boolean handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                                DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        LostValueAlarm.raised(connectorName).ifPresent(loss -> {
            throw new IllegalStateException("Debezium lost a value while reading the source (" + loss + "); nothing of"
                    + " this batch was written. Report the type; a `debezium:` setting may carry it.");
        });
        List<SourceEvent> events = new ArrayList<>(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> r : records) {
            events.add(event(r.value()));
        }
        confirmations.handed(records);
        // A full batch means the engine has more queued (its batches fill up to max.batch.size while the source is
        // ahead): the target batch may fill across engine batches. Otherwise the source is caught up: wait for the
        // writes, so that what is written is confirmed now rather than with the next batch.
        boolean more = records.size() >= engineBatch;
        pipeline.process(events, more);
        if (!more) {
            pipeline.awaitWrites();
        }
        confirmations.confirm(committer);
        return more;
    }

    /**
     * No batch came for {@code batch.max-delay} after the full batch {@code batch}: the pipeline writes what it holds.
     * The engine hears of it with its next batch. A write that fails here ends the run as a failed batch would.
     */
    private void flushIfQuiet(long batch) {
        handling.lock();
        try {
            if (retired || stopped || !quiet.isLatest(batch)) {
                return;
            }
            pipeline.process(List.of(), false);
            pipeline.awaitWrites();
            return;
        } catch (RuntimeException e) {
            quietFailure = e;
        } finally {
            handling.unlock();
        }
        // Only a failed write gets here: the run ends with it.
        LOG.error("pipeline {}: a write failed while the source was quiet: {}", config.name(), quietFailure.getMessage());
        try {
            closeOnceStarted();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pipeline {}: engine did not close cleanly: {}", config.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Debezium's transaction markers become the boundaries the pipeline commits whole transactions by. */
    private static SourceEvent event(SourceRecord record) {
        SourceEvent.Role role = TransactionMarker.of(record).map(m -> m == TransactionMarker.BEGIN
                ? SourceEvent.Role.TRANSACTION_BEGIN : SourceEvent.Role.TRANSACTION_END).orElse(SourceEvent.Role.CHANGE);
        return new SourceEvent(record, record.sourcePartition(), record.sourceOffset(), role);
    }

    /**
     * Closes the engine. Debezium refuses to close one whose task is still starting (a stop right after the start,
     * as when a pipeline that just finished its COPY load is stopped), and such an engine would run on unseen, holding
     * its slot: ask again until it has started, for at most 60 s.
     */
    private void closeOnceStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                engine.close();
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline || e.getMessage() == null || !e.getMessage().contains("tasks are starting")) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Stops the engine and waits until the batch in the pipeline's hands, if any, is done with (written and confirmed,
     * or failed); no batch of this run reaches the pipeline afterwards.
     *
     * @throws IllegalStateException when that batch is not done with within {@link #HANDLER_WAIT_SECONDS}: the
     *     pipeline cannot safely go on
     */
    void stop() {
        closeWatch();
        try {
            if (!stopped) { // an engine that stopped on an error has shut itself down
                closeOnceStarted();
            }
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (IOException | RuntimeException e) {
            LOG.warn("pipeline {}: engine did not close cleanly: {}", config.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        retire();
    }

    private static final int HANDLER_WAIT_SECONDS = 300;

    private void retire() {
        try {
            if (!handling.tryLock()) {
                LOG.info("pipeline {}: the stopped connector's last batch is still being written; waiting for it",
                        config.name());
                if (!handling.tryLock(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("pipeline " + config.name() + ": the stopped connector's last batch"
                            + " was not written within " + HANDLER_WAIT_SECONDS + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            retired = true;
        } finally {
            handling.unlock();
        }
    }

    private void closeWatch() {
        quiet.close();
        if (watch != null) {
            watch.close();
        }
    }
}
