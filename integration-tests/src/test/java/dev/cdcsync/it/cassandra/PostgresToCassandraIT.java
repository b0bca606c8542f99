package dev.cdcsync.it.cassandra;

import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** PostgreSQL -> a real Cassandra 5.0: the shared contract, every table against its source row by row. */
class PostgresToCassandraIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.CASSANDRA);
    }
}
