package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.RestartablePostgres;
import dev.cdcsync.it.harness.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL target of its own, restartable. */
final class PostgresFaultTarget implements FaultTarget {

    private final RestartablePostgres server = new RestartablePostgres();

    PostgresFaultTarget() throws Exception {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE replica");
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String yaml(int port) {
        return """
                    target:
                      type: postgres
                      url: "jdbc:postgresql://127.0.0.1:%d/replica"
                      user: postgres
                """.formatted(port);
    }

    @Override
    public void restart(long downMillis) throws Exception {
        server.stop();
        Thread.sleep(downMillis);
        server.start();
    }

    @Override
    public TableRows rows(String table) throws Exception {
        try (Connection c = server.connect("replica")) {
            return TableRows.read(c, table);
        }
    }

    @Override
    public long count(String table) {
        try (Connection c = server.connect("replica"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public boolean hasColumn(String table, String column) {
        try (Connection c = server.connect("replica"); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** ALTER TABLE needs an ACCESS EXCLUSIVE lock, so an open ACCESS SHARE lock holds it while writes go on. */
    @Override
    public AutoCloseable holdSchemaChanges(String table) throws Exception {
        Connection c = server.connect("replica");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + table + " IN ACCESS SHARE MODE");
        }
        return () -> {
            c.rollback();
            c.close();
        };
    }

    @Override
    public boolean schemaChangeWaiting(String table) {
        try (Connection c = server.connect("replica"); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE datname = 'replica' AND wait_event_type = 'Lock'"
                        + " AND query ILIKE 'ALTER TABLE%' AND query LIKE ?")) {
            ps.setString(1, "%" + table + "%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
