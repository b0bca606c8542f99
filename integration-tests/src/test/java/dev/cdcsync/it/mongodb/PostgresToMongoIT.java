package dev.cdcsync.it.mongodb;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** PostgreSQL -> MongoDB (the mongo-java-server stand-in): the shared contract, every collection against its table. */
class PostgresToMongoIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.MONGODB);
    }
}
