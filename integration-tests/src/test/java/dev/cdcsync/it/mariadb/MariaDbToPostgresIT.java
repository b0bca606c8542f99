package dev.cdcsync.it.mariadb;

import dev.cdcsync.it.BinlogToPostgresContract;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.SyncFixture;

/** MariaDB (binlog) -> PostgreSQL against a real MariaDB 11.4 started from Maven artifacts. */
class MariaDbToPostgresIT extends BinlogToPostgresContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return MariaDbPipeline.create(MariaDbServer.shared(), label);
    }
}
