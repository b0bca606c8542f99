package dev.cdcsync.connector.kafka;

import dev.cdcsync.core.config.SourceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The source of a pipeline that a Kafka Connect sink task runs: Debezium change-event topics. Which tables they carry
 * is known only from their records (each record's Debezium {@code source} block names its table), so none are listed.
 *
 * @param transactionTopic Debezium's transaction-metadata topic ({@value #TOPIC}), whose BEGIN and END records let
 *                         the sink commit each source transaction whole ({@link #transactionTopicOf}); or null
 * @param transactionMaxWait how long a transaction's records may take to come before it is applied as it stands
 */
record KafkaTopics(List<String> tables, String transactionTopic, Duration transactionMaxWait) implements SourceSettings {

    static final String TOPIC = "transactions.topic";
    static final String MAX_WAIT = "transactions.max-wait";
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);

    /** The {@value #TOPIC} a sink configuration names, trimmed, or null when it names none. */
    static String transactionTopicOf(Map<String, String> props) {
        String topic = props.get(TOPIC);
        return topic == null || topic.isBlank() ? null : topic.trim();
    }

    KafkaTopics {
        tables = List.copyOf(tables);
        transactionMaxWait = transactionMaxWait == null ? DEFAULT_MAX_WAIT : transactionMaxWait;
        if (transactionMaxWait.isNegative() || transactionMaxWait.isZero()) {
            throw new IllegalArgumentException(MAX_WAIT + " must be positive, e.g. 60s");
        }
    }
}
