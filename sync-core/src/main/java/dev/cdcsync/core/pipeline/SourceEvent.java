package dev.cdcsync.core.pipeline;

import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * One record as a source adapter hands it to the pipeline: the Debezium envelope plus the
 * partition and offset that a checkpoint must record once the record is durable in the target.
 */
public record SourceEvent(ConnectRecord<?> record, Map<String, ?> partition, Map<String, ?> offset) {
}
