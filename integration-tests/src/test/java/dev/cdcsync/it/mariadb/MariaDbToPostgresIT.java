package dev.cdcsync.it.mariadb;

import dev.cdcsync.it.SourceToPostgresContract;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.SyncFixture;

/** MariaDB (binlog) -> PostgreSQL against a real MariaDB 11.4 started from Maven artifacts. */
class MariaDbToPostgresIT extends SourceToPostgresContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return MariaDbPipeline.create(MariaDbServer.shared(), label);
    }

    @Override
    protected void prepareKeyless(String table) {
        // The binlog's FULL row image always carries the old row.
    }

    @Override
    protected void updateOneRow(String table, String set, String where) throws Exception {
        p.sourceSql("UPDATE " + table + " SET " + set + " WHERE " + where + " LIMIT 1");
    }

    @Override
    protected void alterColumnType(String table, String column, String type) throws Exception {
        p.sourceSql("ALTER TABLE " + table + " MODIFY " + column + " " + type);
    }
}
