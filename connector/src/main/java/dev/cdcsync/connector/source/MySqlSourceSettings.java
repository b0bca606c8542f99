package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.Secret;
import java.util.List;
import java.util.Map;

/** {@code source: {type: mysql, ...}}: Debezium's MySQL connector. */
public record MySqlSourceSettings(String host, Integer port, String user, Secret password, List<String> tables,
                                  String snapshot, Long serverId, String schemaHistory, Map<String, String> debezium)
        implements BinlogSource {

    public MySqlSourceSettings {
        BinlogSource.check(host, port, user, snapshot, serverId);
        tables = tables == null ? List.of() : List.copyOf(tables);
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
    }

    @Override
    public String jdbcScheme() {
        return "jdbc:mysql://";
    }

    @Override
    public String connectorClass() {
        return "io.debezium.connector.mysql.MySqlConnector";
    }
}
