package dev.cdcsync.connector.kafka;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.pipeline.DeadLetters;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.spi.RowRejectedException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Dead letters through Kafka Connect's errant-record reporter: the dead-letter topic and the error log as the
 * connector's {@code errors.*} settings say, within {@code errors.tolerance} (beyond it, the reporter fails the
 * task). Each report is awaited, since the target's offsets move past the record with the next batch.
 */
final class ErrantRecords implements DeadLetters {

    private final ErrantRecordReporter reporter;

    ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public void undecodable(SourceEvent event, RuntimeException error) {
        report(event, error);
    }

    @Override
    public void rejected(SourceEvent origin, DataChange change, RowRejectedException error) {
        report(origin, error);
    }

    private void report(SourceEvent event, RuntimeException error) {
        try {
            reporter.report((SinkRecord) event.record(), error).get();
        } catch (ExecutionException e) {
            throw new ConnectException("could not set aside the record at " + event.where() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while setting aside the record at " + event.where(), e);
        }
    }
}
