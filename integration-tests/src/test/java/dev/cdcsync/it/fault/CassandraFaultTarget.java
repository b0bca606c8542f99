package dev.cdcsync.it.fault;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.TableSchemaCodec;
import dev.cdcsync.it.harness.CassandraServer;
import dev.cdcsync.it.harness.CassandraSyncTarget;
import dev.cdcsync.it.harness.TableRows;
import java.time.Duration;
import java.util.List;

/**
 * A Cassandra target for the fault suite: a keyspace of its own on the run's shared Cassandra, which a target restart
 * stops (SIGTERM) and starts again on the same data and ports. Cassandra keeps only keyed tables, so the workload's
 * key-less table is keyed by a route.
 */
final class CassandraFaultTarget implements FaultTarget {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final CassandraServer server = CassandraServer.shared();
    private final CassandraSyncTarget tables = new CassandraSyncTarget(server, "fault");

    @Override
    public int port() {
        return Integer.parseInt(server.contactPoint().substring(server.contactPoint().lastIndexOf(':') + 1));
    }

    @Override
    public String yaml(int through) {
        return """
                    target:
                      type: cassandra
                      contact-points: ["127.0.0.1:%d"]
                      local-datacenter: %s
                      keyspace: %s
                      consistency: ONE
                """.formatted(through, server.datacenter(), tables.keyspace());
    }

    @Override
    public boolean keylessTables() {
        return false;
    }

    @Override
    public void restart(long downMillis) throws Exception {
        server.restart(downMillis);
    }

    /** The rows in the columns cdc-sync stored for the table (the source's order). */
    @Override
    public TableRows rows(String table) {
        Row stored = tables.session().execute(SimpleStatement.newInstance("SELECT table_schema FROM \"" + tables.keyspace()
                + "\".cdc_sync_schemas WHERE table_name = ?", table).setTimeout(READ_TIMEOUT)).one();
        if (stored == null) {
            throw new IllegalStateException("no table " + table + " yet");
        }
        List<String> columns = TableSchemaCodec.fromJson(stored.getString(0), table).columns().stream().map(Column::name).toList();
        return tables.rows(table, columns);
    }

    @Override
    public long count(String table) {
        try {
            Row row = tables.session().execute(SimpleStatement.newInstance("SELECT COUNT(*) FROM \"" + tables.keyspace()
                    + "\".\"" + CassandraSyncTarget.table(table) + "\"").setTimeout(READ_TIMEOUT)).one();
            return row == null ? -1 : row.getLong(0);
        } catch (RuntimeException e) {
            return -1; // not created yet, or the server restarts
        }
    }

    @Override
    public boolean hasColumn(String table, String column) {
        try {
            return tables.session().execute(SimpleStatement.newInstance("SELECT column_name FROM system_schema.columns"
                    + " WHERE keyspace_name = ? AND table_name = ? AND column_name = ?", tables.keyspace(),
                    CassandraSyncTarget.table(table), column)).one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        tables.close();
    }
}
