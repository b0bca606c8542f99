package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into Cassandra (the run's real Cassandra 5.0). */
class PostgresViaKafkaToCassandraIT extends PostgresViaKafkaContract {

    @Override
    protected SyncTarget.Kind kind() {
        return SyncTarget.Kind.CASSANDRA;
    }

    @Override
    protected String targetType() {
        return "cassandra";
    }
}
