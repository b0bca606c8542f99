package dev.cdcsync.it.bench;

import dev.cdcsync.connector.source.DebeziumProperties;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.PipelineConfig;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The capture ceiling: the Debezium engine, configured exactly as cdc-sync ships it, delivering
 * change events to a consumer that only counts them and confirms them. Offsets go to a file so a
 * second run resumes streaming where the first stopped.
 */
final class CaptureBaseline implements AutoCloseable {

    private final AtomicLong rowEvents = new AtomicLong();
    private volatile long firstNanos;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final Thread thread;

    CaptureBaseline(PipelineConfig config, Path offsets) {
        // As the daemon does before its engine starts (for PostgreSQL: the heartbeat table the engine writes).
        Sources.debezium(config.source()).prepare(config.name());
        Properties props = DebeziumProperties.forPipeline(config);
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        props.setProperty("offset.storage.file.filename", offsets.toString());
        engine = DebeziumEngine.create(Connect.class).using(props).notifying(this::handle).build();
        thread = new Thread(engine, "capture-baseline");
        thread.start();
    }

    private void handle(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                        DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        if (firstNanos == 0) {
            firstNanos = System.nanoTime();
        }
        long rows = 0;
        for (ChangeEvent<SourceRecord, SourceRecord> r : records) {
            if (r.value().value() instanceof Struct s && s.schema().field("op") != null) {
                rows++;
            }
            committer.markProcessed(r);
        }
        rowEvents.addAndGet(rows);
        committer.markBatchFinished();
    }

    /** Seconds from the first delivered batch until {@code rows} row events have arrived. */
    double secondsFor(long rows, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (rowEvents.get() < rows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("baseline saw " + rowEvents.get() + " of " + rows + " row events");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - firstNanos) / 1e9;
    }

    @Override
    public void close() throws Exception {
        engine.close();
        thread.join(60_000);
    }
}
