package dev.cdcsync.connector.kafka;

import dev.cdcsync.core.config.SourceSettings;
import java.util.List;

/**
 * The source of a pipeline that a Kafka Connect sink task runs: Debezium change-event topics. Which tables they carry
 * is known only from their records (each record's Debezium {@code source} block names its table), so none are listed.
 */
record KafkaTopics(List<String> tables) implements SourceSettings {

    static final KafkaTopics ANY = new KafkaTopics(List.of());
}
