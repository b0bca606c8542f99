package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What Debezium's binlog connectors need of a MySQL or MariaDB server, checked over JDBC. */
final class BinlogPreflight implements Preflight {

    private final BinlogSource source;

    BinlogPreflight(BinlogSource source) {
        this.source = source;
    }

    @Override
    public List<String> problems(String pipeline) {
        List<String> problems = new ArrayList<>();
        try (Connection c = source.connect()) {
            checkVariables(c, pipeline, problems);
            checkGrants(c, problems);
            checkTables(c, problems);
        } catch (SQLException e) {
            problems.add("cannot connect to " + source.host() + ":" + source.effectivePort() + " as " + source.user() + ": "
                    + e.getMessage());
        }
        return problems;
    }

    private void checkVariables(Connection c, String pipeline, List<String> problems) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                problems.add("log_bin is OFF: start the server with binary logging (my.cnf: log_bin = mysql-bin)");
            }
            if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                problems.add("binlog_format is " + rs.getString(2) + ": set binlog_format = ROW");
            }
            if (!"FULL".equalsIgnoreCase(rs.getString(3))) {
                problems.add("binlog_row_image is " + rs.getString(3) + ": set binlog_row_image = FULL");
            }
            long serverId = rs.getLong(4);
            if (serverId == source.effectiveServerId(pipeline)) {
                problems.add("server-id " + serverId + " is the source server's own server_id: give cdc-sync a"
                        + " server-id that no server or replica in the topology uses");
            }
        }
    }

    /** Debezium reads the binlog as a replica and snapshots with SELECT. */
    private void checkGrants(Connection c, List<String> problems) throws SQLException {
        StringBuilder grants = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) {
                grants.append(rs.getString(1).toUpperCase(Locale.ROOT)).append('\n');
            }
        }
        String g = grants.toString();
        if (g.contains("GRANT ALL PRIVILEGES ON *.*")) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!g.contains("REPLICATION SLAVE") && !g.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!g.contains("REPLICATION CLIENT") && !g.contains("BINLOG MONITOR")) {
            missing.add("REPLICATION CLIENT");
        }
        if (!g.contains("SELECT")) {
            missing.add("SELECT");
        }
        if (!g.contains("RELOAD")) {
            missing.add("RELOAD");
        }
        if (!missing.isEmpty()) {
            problems.add("user " + source.user() + " lacks " + String.join(", ", missing) + ": GRANT "
                    + String.join(", ", missing) + " ON *.* TO '" + source.user() + "'@'<host>'");
        }
    }

    private void checkTables(Connection c, List<String> problems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            for (String table : source.tables()) {
                if (table.startsWith("/")) {
                    continue;
                }
                TableId id = TableId.parse(table);
                ps.setString(1, id.namespace());
                ps.setString(2, id.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add("table " + table + " does not exist at the source (tables are written database.table)");
                    }
                }
            }
        }
    }
}
