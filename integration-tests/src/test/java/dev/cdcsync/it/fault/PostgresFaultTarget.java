package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.RestartablePostgres;
import dev.cdcsync.it.harness.TableRows;
import java.sql.Connection;
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
    public String yaml() {
        return """
                    target:
                      type: postgres
                      url: "%s"
                      user: postgres
                """.formatted(server.jdbcUrl("replica"));
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
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
