package dev.cdcsync.connector.kafka;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.pipeline.SyncPipeline;
import dev.cdcsync.core.spi.TargetWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink task: the records of its topic partitions go through the daemon's {@link SyncPipeline}. The target holds
 * each partition's offset, written with the rows (in the same transaction where the target has transactions), so:
 * {@link #open} seeks every assigned partition to just past the offset the target holds; {@link #preCommit} reports
 * only offsets the target holds; {@link #close} drops just the revoked partitions' buffered records, which their
 * next owner reads again from the target's offsets.
 */
public final class CdcSyncSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(CdcSyncSinkTask.class);

    private TargetWriter writer;
    private SyncPipeline pipeline;

    @Override
    public void start(Map<String, String> props) {
        PipelineConfig config = SinkSettings.parse(props, props.getOrDefault("name", "cdc-sync"));
        writer = new Writers().forSettings(config.target()).create(config.target(), config.name());
        pipeline = new SyncPipeline(config, writer);
        LOG.info("cdc-sync sink task of pipeline {} started -> {}", config.name(), config.target().where());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Checkpoint held = pipeline.committedCheckpoint(partitions.stream().map(CdcSyncSinkTask::partition).toList());
        for (Checkpoint.Entry entry : held.entries()) {
            TopicPartition tp = new TopicPartition((String) entry.partition().get("topic"),
                    ((Number) entry.partition().get("partition")).intValue());
            long next = ((Number) entry.offset().get("offset")).longValue() + 1;
            context.offset(tp, next);
            LOG.info("{}: the target holds up to offset {}; reading on from {}", tp, next - 1, next);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<SourceEvent> events = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            events.add(SourceEvent.change(r, partition(r.topic(), r.kafkaPartition()), Map.of("offset", r.kafkaOffset())));
        }
        try {
            pipeline.process(events);
        } catch (RuntimeException e) {
            throw new ConnectException("cdc-sync pipeline " + pipeline.name() + ": " + e.getMessage(), e);
        }
    }

    /** Only what the target holds: Kafka's committed offsets never run ahead of the target. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> held = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            pipeline.offsets().offset(partition(tp)).ifPresent(offset ->
                    held.put(tp, new OffsetAndMetadata(((Number) offset.get("offset")).longValue() + 1)));
        }
        return held;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (pipeline != null) {
            pipeline.revoke(partitions.stream().map(CdcSyncSinkTask::partition).toList());
        }
    }

    @Override
    public void stop() {
        try {
            if (pipeline != null) {
                pipeline.awaitWrites();
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    @Override
    public String version() {
        return CdcSyncSinkConnector.VERSION;
    }

    static Map<String, Object> partition(TopicPartition tp) {
        return partition(tp.topic(), tp.partition());
    }

    private static Map<String, Object> partition(String topic, int partition) {
        return Map.of("topic", topic, "partition", partition);
    }
}
