package dev.cdcsync.it.cassandra;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** MariaDB -> a real Cassandra 5.0: the shared contract, every table against its source row by row. */
class MariaDbToCassandraIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return MariaDbPipeline.create(MariaDbServer.shared(), label, SyncTarget.Kind.CASSANDRA);
    }
}
