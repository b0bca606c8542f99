package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What logical replication with pgoutput needs of a PostgreSQL server, checked over JDBC. */
final class PostgresPreflight implements Preflight {

    private final PostgresSourceSettings source;

    PostgresPreflight(PostgresSourceSettings source) {
        this.source = source;
    }

    @Override
    public List<String> problems(String pipeline) {
        List<String> problems = new ArrayList<>();
        try (Connection c = source.connect()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT current_setting('wal_level'), (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user)")) {
                rs.next();
                if (!"logical".equals(rs.getString(1))) {
                    problems.add("wal_level is " + rs.getString(1) + ": set wal_level = logical and restart PostgreSQL");
                }
                if (!rs.getBoolean(2)) {
                    problems.add("user " + source.user() + " may not replicate: ALTER ROLE " + source.user() + " REPLICATION");
                }
            }
            checkTables(c, problems);
            PgSourceObjects made = new PgSourceObjects(c, source.user(), source.database());
            if (source.heartbeat().isPresent()) {
                made.heartbeatProblem(source.heartbeat().get()).ifPresent(problems::add);
            }
            source.publicationProblem(pipeline, c).ifPresent(problems::add);
        } catch (SQLException e) {
            problems.add("cannot connect to " + source.jdbcUrl() + " as " + source.user() + ": " + e.getMessage());
        }
        return problems;
    }

    private void checkTables(Connection c, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT has_table_privilege(t.oid, 'SELECT') FROM pg_class t JOIN pg_namespace n ON t.relnamespace = n.oid"
                        + " WHERE n.nspname = ? AND t.relname = ?")) {
            for (String table : source.tables()) {
                if (table.startsWith("/")) {
                    continue;
                }
                TableId id = TableId.parse(table);
                ps.setString(1, id.namespace() == null ? "public" : id.namespace());
                ps.setString(2, id.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add("table " + table + " does not exist at the source (tables are written schema.table)");
                    } else if (!rs.getBoolean(1)) { // the snapshot reads it
                        problems.add("user " + source.user() + " may not read table " + table + " at the source: GRANT SELECT ON "
                                + PgCatalog.quote(id.namespace() == null ? "public" : id.namespace()) + "."
                                + PgCatalog.quote(id.name()) + " TO " + PgCatalog.quote(source.user()));
                    }
                }
            }
        }
    }
}
