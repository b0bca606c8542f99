package dev.cdcsync.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.core.config.Secret;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL target database of its own on the shared server. */
public final class PostgresSyncTarget implements SyncTarget {

    private final PostgresServer server;
    private final String database;
    private final Connection connection;

    PostgresSyncTarget(PostgresServer server) throws SQLException {
        this.server = server;
        this.database = server.createDatabase("dst");
        this.connection = server.connect(database);
    }

    @Override
    public PostgresTargetSettings settings() {
        return settings("postgres");
    }

    /** Writing as {@code user} (trusted, no password). */
    public PostgresTargetSettings settings(String user) {
        return new PostgresTargetSettings(server.jdbcUrl(database), user, new Secret(""), "public");
    }

    /**
     * Reaching the target through a relay on {@code port} (a {@link TcpProxy}, for network faults). No server-prepared
     * statements, so that the relay sees each statement's text (COMMIT included).
     */
    public PostgresTargetSettings settingsThrough(int port) {
        return new PostgresTargetSettings("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0",
                "postgres", new Secret(""), "public");
    }

    public Connection connection() {
        return connection;
    }

    /** A second connection, for a concurrent reader. */
    public Connection connect() throws SQLException {
        return server.connect(database);
    }

    @Override
    public TableRows rows(String table, List<String> order) throws SQLException {
        try {
            return TableRows.read(connection, SyncFixture.quotePostgres(table));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // no such table (yet)
                return new TableRows(List.of(), List.of());
            }
            throw e;
        }
    }

    @Override
    public void assertKeyedBy(String table, List<String> columns) throws SQLException {
        List<String> key = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                        + " WHERE i.indrelid = 'public." + SyncFixture.quotePostgres(table) + "'::regclass AND i.indisprimary")) {
            while (rs.next()) {
                key.add(rs.getString(1));
            }
        }
        assertThat(key).as("primary key of %s", table).containsExactlyElementsOf(columns);
    }

    @Override
    public void assertHoldsText(String table, String column, int length) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public."
                        + SyncFixture.quotePostgres(table) + "'::regclass AND attname = '" + column.replace("'", "''") + "'")) {
            assertThat(rs.next()).as("column %s.%s", table, column).isTrue();
            assertThat(rs.getString(1)).isEqualTo("character varying(" + length + ")");
        }
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
