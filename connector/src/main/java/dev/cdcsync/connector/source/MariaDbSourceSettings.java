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

    @Override
    public String connectorClass() {
        return "io.debezium.connector.mariadb.MariaDbConnector";
    }
}
