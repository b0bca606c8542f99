package dev.cdcsync.it.mongodb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.MySqlContainerServer;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/**
 * PostgreSQL -> a real MongoDB 7 replica set, where batches and checkpoints commit in transactions: the shared
 * contract, with the reader that must never see half a source transaction. Needs a Docker engine; without one these
 * tests are reported as skipped, not passed.
 */
class PostgresToMongoReplicaSetIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        // Checked per test so that each one is reported as skipped.
        assumeTrue(MySqlContainerServer.dockerAvailable(), "no Docker engine: a real MongoDB replica set cannot run here");
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.MONGODB_REPLICA_SET);
    }
}
