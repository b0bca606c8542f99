package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code source: {type: postgres, ...}}: logical replication with pgoutput through a slot and a
 * publication that cdc-sync names after the pipeline and limits to the configured tables.
 */
public record PostgresSourceSettings(String host, Integer port, String database, String user, Secret password,
                                     List<String> tables, String snapshot, String slot, String publication,
                                     Map<String, String> debezium) implements DebeziumSourceSettings {

    static final List<String> SNAPSHOT_MODES = List.of("initial", "never", "when_needed", "initial_only", "always");

    public PostgresSourceSettings {
        Require.present(host, "host");
        port = Require.port(port, 5432);
        Require.present(database, "database");
        Require.present(user, "user");
        password = password == null ? new Secret("") : password;
        tables = tables == null ? List.of() : List.copyOf(tables);
        snapshot = snapshot == null ? "initial" : snapshot;
        if (!SNAPSHOT_MODES.contains(snapshot)) {
            throw new IllegalArgumentException("unknown snapshot '" + snapshot + "'; allowed: " + String.join(", ", SNAPSHOT_MODES));
        }
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
    }

    /** Slot and publication names: lower case letters, digits and underscores, as PostgreSQL requires for slots. */
    static String defaultName(String pipeline) {
        return "cdc_sync_" + pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    public Map<String, String> connectorProperties(String pipeline) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.put("database.hostname", host);
        p.put("database.port", String.valueOf(port));
        p.put("database.dbname", database);
        p.put("database.user", user);
        p.put("database.password", password.value());
        p.put("plugin.name", "pgoutput");
        p.put("slot.name", slot == null ? defaultName(pipeline) : slot);
        p.put("publication.name", publication == null ? defaultName(pipeline) : publication);
        // Never all_tables: UPDATEs on any table without a replica identity would start failing.
        p.put("publication.autocreate.mode", "filtered");
        p.put("table.include.list", TableFilter.includeList(tables));
        p.put("snapshot.mode", snapshot.equals("never") ? "no_data" : snapshot);
        p.put("time.precision.mode", "adaptive_time_microseconds");
        p.put("interval.handling.mode", "string");
        p.put("hstore.handling.mode", "json");
        return p;
    }
}
