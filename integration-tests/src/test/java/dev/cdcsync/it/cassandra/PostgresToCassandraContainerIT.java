package dev.cdcsync.it.cassandra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.MySqlContainerServer;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/**
 * PostgreSQL -> the {@code cassandra:5} image through Testcontainers: the shared contract. Needs a Docker engine;
 * without one these tests are reported as skipped, not passed (the harness's own Cassandra runs everywhere).
 */
class PostgresToCassandraContainerIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        // Checked per test so that each one is reported as skipped.
        assumeTrue(MySqlContainerServer.dockerAvailable(), "no Docker engine: the cassandra:5 image cannot run here");
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.CASSANDRA_CONTAINER);
    }
}
