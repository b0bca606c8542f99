package dev.cdcsync.it.kafka;

import dev.cdcsync.it.harness.SyncTarget;

/** The Kafka Connect sink contract into MongoDB (the stand-in). */
class PostgresViaKafkaToMongoIT extends PostgresViaKafkaContract {
    PostgresViaKafkaToMongoIT() {
        super(SyncTarget.Kind.MONGODB, "mongodb");
    }
}
