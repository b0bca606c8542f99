package dev.cdcsync.it.mongodb;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** MariaDB -> MongoDB (the mongo-java-server stand-in): the shared contract, every collection against its table. */
class MariaDbToMongoIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return MariaDbPipeline.create(MariaDbServer.shared(), label, SyncTarget.Kind.MONGODB);
    }
}
