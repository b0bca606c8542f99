package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into MongoDB (the stand-in). */
class PostgresViaKafkaToMongoIT extends PostgresViaKafkaContract {

    @Override
    protected SyncTarget.Kind kind() {
        return SyncTarget.Kind.MONGODB;
    }

    @Override
    protected String targetType() {
        return "mongodb";
    }
}
