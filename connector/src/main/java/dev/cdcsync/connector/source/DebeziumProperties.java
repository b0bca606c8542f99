package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.decode.DebeziumEventDecoder;
import java.util.Map;
import java.util.Properties;

/**
 * The Debezium settings cdc-sync ships with. Debezium's defaults favour convenience over exactness;
 * these favour exactness. The user's {@code debezium:} map is applied last and wins.
 */
public final class DebeziumProperties {

    /**
     * The most records the engine hands over at once. Its records stay alive until the whole batch is handled, so a
     * batch that outlives a young collection fills the old generation with them (8192 did, at streaming speed); the
     * pipeline gathers target batches of {@code batch.max-rows} across engine batches anyway.
     */
    static final int ENGINE_BATCH_ROWS = 1024;

    private DebeziumProperties() {
    }

    /** The connector's logical name: it names Debezium's metrics too. */
    static String topicPrefix(PipelineConfig pipeline) {
        return topicPrefix(pipeline.name());
    }

    static String topicPrefix(String pipeline) {
        return "cdcsync_" + pipeline.replace('-', '_');
    }

    /** The source partition Debezium's PostgreSQL and binlog connectors key their offsets by. */
    static Map<String, Object> partition(String pipeline) {
        return Map.of("server", topicPrefix(pipeline));
    }

    public static Properties forPipeline(PipelineConfig pipeline) {
        DebeziumSourceSettings source = Sources.debezium(pipeline.source());
        Properties p = new Properties();
        p.setProperty("name", pipeline.name());
        p.setProperty("topic.prefix", topicPrefix(pipeline));
        p.setProperty("offset.storage", CheckpointOffsetBackingStore.class.getName());
        p.setProperty(CheckpointOffsetBackingStore.PIPELINE_KEY, pipeline.name());
        // Offsets are committed to the target with each batch; this only paces confirmations to the source.
        p.setProperty("offset.flush.interval.ms", "1000");
        // Exact values: digits of every decimal (NaN included), bytes as bytes, the source type on each column.
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("column.propagate.source.type", ".*");
        p.setProperty("include.unknown.datatypes", "true");
        p.setProperty("unavailable.value.placeholder", DebeziumEventDecoder.UNAVAILABLE_VALUE_PLACEHOLDER);
        // Truncates are changes too; a record that cannot be processed stops the pipeline, never skipped.
        p.setProperty("skipped.operations", "none");
        p.setProperty("event.processing.failure.handling.mode", "fail");
        // Debezium's default (warn) turns a value it fails to convert into NULL with only a log line.
        p.setProperty("event.converting.failure.handling.mode", "fail");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("heartbeat.interval.ms", "10000");
        // A lost connection stops the connector, and DebeziumSource starts a new one from the target's checkpoint.
        // Debezium's own retry would restart the task from offsets read mid-stream, with changes in flight.
        p.setProperty("errors.max.retries", "0");
        // BEGIN/END markers let the pipeline commit each source transaction whole.
        p.setProperty("provide.transaction.metadata", "true");
        int batch = Math.min(pipeline.batch().maxRows(), ENGINE_BATCH_ROWS);
        p.setProperty("max.batch.size", String.valueOf(batch));
        p.setProperty("max.queue.size", String.valueOf(batch * 4));
        p.setProperty("poll.interval.ms", String.valueOf(Math.max(1, pipeline.batch().maxDelay().toMillis())));
        source.connectorProperties(pipeline.name()).forEach(p::setProperty);
        source.catalogProperties(pipeline.name()).forEach(p::setProperty);
        source.debezium().forEach(p::setProperty);
        return p;
    }
}
