package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.decode.DecodedChange;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One record as an entry point hands it to the pipeline: the record, the source partition it came from and the
 * offset a checkpoint must record once it is durable in the target, and its role. The entry point says where
 * source transactions begin and end (the embedded engine from Debezium's transaction markers; a Kafka Connect
 * task, whose markers live on a topic of their own, marks none), so the pipeline assumes nothing about
 * transaction metadata.
 *
 * @param record    the record (for a transaction boundary, the entry point's marker record, or null); null for a row
 *                  of a source's own initial load
 * @param partition the source partition (Debezium's partition map; for Kafka, the topic-partition); events of one
 *                  partition arrive in order
 * @param loaded    a row a source's own initial load read and converted itself, with the values and schema the decoder
 *                  would give it (or null, with a null record: an event that only moves the checkpoint)
 * @param unreadable why a row of a source's own load could not be read, or null: the pipeline treats it as a record it
 *                   cannot decode (dead letters, or it stops naming the row)
 */
public record SourceEvent(ConnectRecord<?> record, Map<String, ?> partition, Map<String, ?> offset, Role role,
                          DecodedChange loaded, DecodeException unreadable) {

    public SourceEvent(ConnectRecord<?> record, Map<String, ?> partition, Map<String, ?> offset, Role role) {
        this(record, partition, offset, role, null, null);
    }

    public enum Role {
        /** A record for the decoder: a row change, or a record that only moves the checkpoint (heartbeat). */
        CHANGE,
        /** A source transaction begins: what follows up to its END is committed to the target whole. */
        TRANSACTION_BEGIN,
        TRANSACTION_END,
        /**
         * A source's own initial load is complete (with the offset that says so): the tables it emptied take any
         * change from now on (see ChangeBuffer#endSnapshots). Debezium's snapshot says the same on its last row.
         */
        SNAPSHOT_END
    }

    public static SourceEvent change(ConnectRecord<?> record, Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceEvent(record, partition, offset, Role.CHANGE);
    }

    /** A row of a source's initial load (the offset may be null: the row does not move the checkpoint by itself). */
    public static SourceEvent loaded(DecodedChange row, Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceEvent(null, partition, offset, Role.CHANGE, row, null);
    }

    /** The end of a source's own initial load, moving the checkpoint to {@code offset}. */
    public static SourceEvent snapshotEnd(Map<String, ?> partition, Map<String, ?> offset) {
        return new SourceEvent(null, partition, offset, Role.SNAPSHOT_END);
    }

    /** A row of a source's initial load whose values could not be read; the exception's {@code where} names the row. */
    public static SourceEvent unreadable(DecodeException why) {
        return new SourceEvent(null, null, null, Role.CHANGE, null, why);
    }

    /** Where the record is, for an error message: its topic and partition, and its Kafka or source offset. */
    public String where() {
        if (record == null) {
            return unreadable != null ? unreadable.where() : loaded == null ? "initial load, checkpoint " + offset
                    : "initial load of " + loaded.change().table() + ", " + loaded.change().position();
        }
        String at = record.kafkaPartition() != null ? ", partition " + record.kafkaPartition() : "";
        String offsetText = record instanceof SinkRecord sink ? String.valueOf(sink.kafkaOffset()) : String.valueOf(offset);
        return "topic " + record.topic() + at + ", offset " + offsetText;
    }
}
