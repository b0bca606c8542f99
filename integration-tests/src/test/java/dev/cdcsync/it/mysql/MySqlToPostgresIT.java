package dev.cdcsync.it.mysql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.MySqlContainerServer;
import dev.cdcsync.it.harness.MySqlPipeline;
import dev.cdcsync.it.harness.SyncFixture;

/**
 * MySQL 8.4 (binlog, GTIDs on) -> PostgreSQL: the same contract as every source. Needs a Docker
 * engine for the real MySQL server; without one these tests are reported as skipped, not passed.
 */
class MySqlToPostgresIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        // Checked per test so that each one is reported as skipped.
        assumeTrue(MySqlContainerServer.dockerAvailable(), "no Docker engine: real MySQL 8.4 cannot run here");
        return MySqlPipeline.create(MySqlContainerServer.shared(), label);
    }
}
