package dev.cdcsync.connector.kafka;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.decode.TransactionMarker;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.pipeline.DeadLetters;
import dev.cdcsync.core.pipeline.EntryPoint;
import dev.cdcsync.core.pipeline.RetryPolicy;
import dev.cdcsync.core.pipeline.SourceEvent;
import dev.cdcsync.core.pipeline.SyncPipeline;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
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
 *
 * <p>A write that fails transiently is not retried inside {@link #put} (the consumer must poll within
 * {@code max.poll.interval.ms}): the pipeline drops what is not durable, {@code put} throws a
 * {@link RetriableException} after setting the backoff, and the next {@code put} seeks every assigned partition back
 * to the target's offsets with a new pipeline. So a batch whose fate is unknown (the answer to its commit lost) is
 * read again from exactly where the target stands, never on top of it. {@code errors.retry.*} bound the attempts
 * in a row, as in the daemon.
 */
public final class CdcSyncSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(CdcSyncSinkTask.class);

    private PipelineConfig config;
    private RetryPolicy retry;
    private TargetWriter writer;
    private DeadLetters deadLetters;
    /** Null while the task recovers from a failed write: the next {@link #put} resumes from the target's offsets. */
    private SyncPipeline pipeline;
    /** With {@code transactions.topic}: holds each source transaction's records until it is whole; else null. */
    private TransactionAssembler transactions;
    /** Where reading began per assigned partition: where one the target holds nothing for goes back to. */
    private final Map<TopicPartition, Long> readFrom = new HashMap<>();
    private int failures;

    @Override
    public void start(Map<String, String> props) {
        PipelineConfig configured = SinkSettings.parse(props, props.getOrDefault("name", "cdc-sync"));
        CdcSyncSinkConnector.unreadTransactionTopic(props).ifPresent(problem -> {
            throw new ConnectException("cdc-sync pipeline " + configured.name() + ": " + problem);
        });
        retry = new RetryPolicy(configured.errors().retry());
        config = configured.withRetry(new RetryConfig(1, null));
        writer = new Writers().forSettings(config.target()).create(config.target(), config.name());
        ErrantRecordReporter reporter = context.errantRecordReporter();
        deadLetters = reporter == null ? null : new ErrantRecords(reporter);
        pipeline = newPipeline();
        LOG.info("cdc-sync sink task of pipeline {} started -> {}{}", config.name(), config.target().where(),
                reporter == null ? "" : "; records and rows that cannot be applied go to the errant-record reporter");
    }

    private SyncPipeline newPipeline() {
        KafkaTopics topics = (KafkaTopics) config.source();
        transactions = topics.transactionTopic() == null ? null : new TransactionAssembler(config.name(),
                topics.transactionTopic(), config.batch().maxTransactionRows(), topics.transactionMaxWait());
        return new SyncPipeline(config, writer, EntryPoint.kafkaTask(deadLetters));
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (pipeline == null) {
            return; // the next put() resumes every assigned partition from the target
        }
        try {
            seek(pipeline.committedCheckpoint(partitions.stream().map(CdcSyncSinkTask::partition).toList()));
        } catch (WriteException e) {
            if (!e.transientFailure()) {
                throw stopped(e);
            }
            LOG.warn("pipeline {}: cannot read the target's offsets yet ({}); reading waits for it", config.name(),
                    e.getMessage());
            pipeline = null;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord r : records) {
            readFrom.putIfAbsent(new TopicPartition(r.topic(), r.kafkaPartition()), r.kafkaOffset());
        }
        if (pipeline == null) {
            resumeFromTarget();
            return; // these records come again from the target's offsets
        }
        long durableBefore = pipeline.offsets().durableEvents();
        try {
            List<SourceEvent> events = transactions == null ? events(records) : transactions.accept(records, System.nanoTime());
            if (!events.isEmpty()) {
                pipeline.process(events);
            }
            // Batches fill over several polls; Kafka Connect's next poll returns by the time the rest is due.
            long dueInMs = soonest(pipeline.flushIfDue(), transactions == null ? 0 : transactions.dueInMs(System.nanoTime()));
            if (dueInMs > 0) {
                context.timeout(dueInMs);
            }
            if (pipeline.offsets().durableEvents() > durableBefore) {
                failures = 0;
            }
        } catch (WriteException e) {
            if (!e.transientFailure()) {
                throw stopped(e);
            }
            pipeline.abandon();
            pipeline = null;
            throw retryLater(e);
        } catch (DecodeException e) {
            throw new ConnectException(e.getMessage(), e); // it names the pipeline and the record
        } catch (RuntimeException e) {
            throw stopped(e);
        }
    }

    private List<SourceEvent> events(Collection<SinkRecord> records) {
        List<SourceEvent> events = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            if (TransactionMarker.of(r).isPresent()) {
                throw new ConnectException("cdc-sync pipeline " + config.name() + ": " + r.topic() + " is Debezium's"
                        + " transaction-metadata topic: set " + KafkaTopics.TOPIC + "=" + r.topic() + " to commit each"
                        + " source transaction whole, or leave the topic out of topics / topics.regex");
            }
            events.add(TransactionAssembler.change(r));
        }
        return events;
    }

    /** A new pipeline, with every assigned partition sought back to the offset the target holds. */
    private void resumeFromTarget() {
        SyncPipeline next = newPipeline();
        Checkpoint held;
        try {
            held = next.committedCheckpoint(context.assignment().stream().map(CdcSyncSinkTask::partition).toList());
        } catch (WriteException e) {
            if (!e.transientFailure()) {
                throw stopped(e);
            }
            throw retryLater(e);
        }
        Map<TopicPartition, Long> fromTarget = seek(held);
        for (TopicPartition tp : context.assignment()) {
            Long from = readFrom.get(tp);
            if (!fromTarget.containsKey(tp) && from != null) {
                context.offset(tp, from); // the target holds nothing of it: from where this task began reading it
            }
        }
        pipeline = next;
        LOG.info("pipeline {}: the target is back; reading resumes from its offsets {}", config.name(), fromTarget);
    }

    /** Seeks each partition the target holds an offset for to just past it; returns those positions. */
    private Map<TopicPartition, Long> seek(Checkpoint held) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Checkpoint.Entry entry : held.entries()) {
            TopicPartition tp = new TopicPartition((String) entry.partition().get("topic"),
                    ((Number) entry.partition().get("partition")).intValue());
            long offset = ((Number) entry.offset().get("offset")).longValue() + 1;
            context.offset(tp, offset);
            readFrom.put(tp, offset);
            next.put(tp, offset);
            LOG.info("{}: the target holds up to offset {}; reading on from {}", tp, offset - 1, offset);
        }
        return next;
    }

    /** The sooner of two waits in milliseconds, where 0 means nothing waits. */
    private static long soonest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    /** A failure that fails the task, naming the pipeline. */
    private ConnectException stopped(RuntimeException e) {
        return new ConnectException("cdc-sync pipeline " + config.name() + ": " + e.getMessage(), e);
    }

    /** Counts a transient failure: the backoff before Kafka Connect calls {@link #put} again, or the end. */
    private RuntimeException retryLater(WriteException e) {
        failures++;
        if (failures >= retry.maxAttempts()) {
            return new ConnectException("cdc-sync pipeline " + config.name() + ": the target failed " + failures
                    + " times in a row (errors.retry.max-attempts): " + e.getMessage(), e);
        }
        long backoff = retry.backoff(failures);
        context.timeout(backoff);
        LOG.warn("pipeline {}: write failed (attempt {}/{}); reading again from the target's offsets in {}: {}",
                config.name(), failures, retry.maxAttempts(), Duration.ofMillis(backoff), e.getMessage());
        return new RetriableException("cdc-sync pipeline " + config.name() + ": " + e.getMessage(), e);
    }

    /** Only what the target holds: Kafka's committed offsets never run ahead of the target. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> held = new HashMap<>();
        if (pipeline == null) {
            return held;
        }
        try {
            pipeline.settleCompleted(); // the last batch's write may have completed since the last put
        } catch (RuntimeException e) {
            LOG.debug("pipeline {}: a write failed; the next put handles it", config.name(), e);
        }
        for (TopicPartition tp : currentOffsets.keySet()) {
            pipeline.offsets().offset(partition(tp)).ifPresent(offset ->
                    held.put(tp, new OffsetAndMetadata(((Number) offset.get("offset")).longValue() + 1)));
        }
        return held;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        readFrom.keySet().removeAll(partitions);
        if (pipeline == null) {
            return;
        }
        if (transactions != null) {
            // A held transaction may span revoked and kept partitions: drop it all; kept ones read it again.
            transactions.drop().forEach((tp, offset) -> {
                if (!partitions.contains(tp)) {
                    context.offset(tp, offset);
                }
            });
        }
        try {
            pipeline.revoke(partitions.stream().map(CdcSyncSinkTask::partition).toList());
        } catch (WriteException e) {
            if (!e.transientFailure()) {
                throw stopped(e);
            }
            LOG.warn("pipeline {}: a write failed as partitions were revoked ({}); reading resumes from the target's"
                    + " offsets", config.name(), e.getMessage());
            pipeline.abandon();
            pipeline = null;
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

    static Map<String, Object> partition(String topic, int partition) {
        return Map.of("topic", topic, "partition", partition);
    }
}
