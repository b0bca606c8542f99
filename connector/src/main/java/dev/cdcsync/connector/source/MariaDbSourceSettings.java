package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.Secret;
import java.util.List;
import java.util.Map;

/** {@code source: {type: mariadb, ...}}: Debezium's MariaDB connector. */
public record MariaDbSourceSettings(String host, Integer port, String user, Secret password, List<String> tables,
                                  String snapshot, Long serverId, String schemaHistory, Map<String, String> debezium)
        implements BinlogSource {

    public MariaDbSourceSettings {
        BinlogSource.check(host, port, user, snapshot, serverId);
        tables = tables == null ? List.of() : List.copyOf(tables);
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
    }

    /** MariaDB's JSON columns, so that they stay JSON (see {@link MariaDbJsonColumns}). */
    @Override
    public Map<String, String> catalogProperties(String pipeline) {
        try (java.sql.Connection c = connect()) {
            return MariaDbJsonColumns.properties(c);
        } catch (java.sql.SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, host + ":" + effectivePort(),
                    "cannot read the source's catalog (" + e.getMessage() + ")");
        }
    }

    @Override
    public String jdbcScheme() {
        return "jdbc:mariadb://";
    }

    @Override
    public String connectorClass() {
        return "io.debezium.connector.mariadb.MariaDbConnector";
    }
}
