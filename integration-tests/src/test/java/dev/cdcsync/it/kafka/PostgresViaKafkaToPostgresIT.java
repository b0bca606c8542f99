package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into PostgreSQL. */
class PostgresViaKafkaToPostgresIT extends PostgresViaKafkaContract {
    PostgresViaKafkaToPostgresIT() {
        super(SyncTarget.Kind.POSTGRES, "postgres");
    }
}
