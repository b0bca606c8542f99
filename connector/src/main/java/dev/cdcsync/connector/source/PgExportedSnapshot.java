package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.ReplicationSlotInfo;

/**
 * The replication slot the initial load starts with, and the snapshot PostgreSQL exported as it created it: the
 * slot streams exactly the transactions that snapshot does not see. The publication is made first (a slot created
 * before its publication cannot stream from it later). The snapshot can be imported only while the connection that
 * created the slot is open, so this holds it until the load ends.
 */
final class PgExportedSnapshot implements AutoCloseable {

    private final Connection replication;
    private final String snapshot;
    private final long consistentLsn;

    private PgExportedSnapshot(Connection replication, String snapshot, long consistentLsn) {
        this.replication = replication;
        this.snapshot = snapshot;
        this.consistentLsn = consistentLsn;
    }

    /** Creates the publication (when missing) for these tables, then the slot, which must not exist. */
    static PgExportedSnapshot create(PostgresSourceSettings pg, String slot, String publication, List<TableId> tables)
            throws SQLException {
        try (Connection c = pg.connect()) {
            createPublication(c, publication, tables);
        }
        Properties props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.password().value());
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), props);
        try {
            ReplicationSlotInfo info = c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput").make();
            return new PgExportedSnapshot(c, info.getSnapshotName(), info.getConsistentPoint().asLong());
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void createPublication(Connection c, String publication, List<TableId> tables) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return; // Debezium's filtered mode sets its tables as the connector starts
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE PUBLICATION " + PgCatalog.quote(publication) + (tables.isEmpty() ? "" : " FOR TABLE "
                    + tables.stream().map(PgCatalog::quote).collect(Collectors.joining(", "))));
        }
    }

    /**
     * Begins a read-only repeatable-read transaction on {@code c}, under the snapshot {@code name} when one is given
     * (its first statement must import it), else under a snapshot of its own.
     */
    static void beginRead(Connection c, String name) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        if (name != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION SNAPSHOT '" + name.replace("'", "''") + "'");
            }
        }
    }

    /** The name to import with {@code SET TRANSACTION SNAPSHOT}. */
    String name() {
        return snapshot;
    }

    /** Where the slot's stream begins: the first change the snapshot does not see commits after it. */
    long consistentLsn() {
        return consistentLsn;
    }

    @Override
    public void close() throws SQLException {
        replication.close();
    }
}
