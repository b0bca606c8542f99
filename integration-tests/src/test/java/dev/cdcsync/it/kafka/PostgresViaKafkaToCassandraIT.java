package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into Cassandra (the run's real Cassandra 5.0). */
class PostgresViaKafkaToCassandraIT extends PostgresViaKafkaContract {
    PostgresViaKafkaToCassandraIT() {
        super(SyncTarget.Kind.CASSANDRA, "cassandra");
    }
}
