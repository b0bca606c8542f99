package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into PostgreSQL. */
class PostgresViaKafkaToPostgresIT extends PostgresViaKafkaContract {

    @Override
    protected SyncTarget.Kind kind() {
        return SyncTarget.Kind.POSTGRES;
    }

    @Override
    protected String targetType() {
        return "postgres";
    }
}
