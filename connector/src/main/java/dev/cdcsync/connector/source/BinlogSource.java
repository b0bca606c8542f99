package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binlog source (ROW format, FULL row image) read by Debezium's MySQL or MariaDB connector;
 * the two flavours share every setting. The connector's DDL history is kept in a file.
 */
public interface BinlogSource extends DebeziumSourceSettings {

    List<String> SNAPSHOT_MODES = List.of("initial", "never", "when_needed", "initial_only", "always");

    String host();

    Integer port();

    String user();

    Secret password();

    String snapshot();

    /** The replica server id cdc-sync uses; unique in the replication topology. Default: 5400-6399 from the pipeline name. */
    Long serverId();

    /** The DDL history file; default {@code cdc-sync-state/<pipeline>.schema-history} under the working directory. */
    String schemaHistory();

    /** The Debezium connector class of this flavour. */
    String connectorClass();

    /** The JDBC URL scheme of this flavour's driver, e.g. {@code jdbc:mysql://}. */
    String jdbcScheme();

    default int effectivePort() {
        return port() == null ? 3306 : port();
    }

    default String effectiveSnapshot() {
        return snapshot() == null ? "initial" : snapshot();
    }

    default long effectiveServerId(String pipeline) {
        return serverId() != null ? serverId() : 5400 + Math.floorMod(pipeline.hashCode(), 1000);
    }

    default Path schemaHistoryFile(String pipeline) {
        return Path.of(schemaHistory() != null ? schemaHistory() : "cdc-sync-state/" + pipeline + ".schema-history");
    }

    @Override
    default void prepare(String pipeline) {
        Path parent = schemaHistoryFile(pipeline).toAbsolutePath().getParent();
        try {
            java.nio.file.Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the schema history's directory " + parent + ": " + e.getMessage(), e);
        }
    }

    @Override
    default SourceLag lag(String pipeline, dev.cdcsync.core.model.Checkpoint checkpoint) throws java.sql.SQLException {
        return BinlogSourceLag.of(this, checkpoint);
    }

    @Override
    default Map<dev.cdcsync.core.model.TableId, Long> estimatedRows(List<dev.cdcsync.core.model.TableId> tables)
            throws java.sql.SQLException {
        return BinlogSourceLag.estimatedRows(this, tables);
    }

    /** A plain JDBC connection to the server, for checks before the connector starts. */
    default java.sql.Connection connect() throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user());
        props.setProperty("password", password() == null ? "" : password().value());
        return java.sql.DriverManager.getConnection(jdbcScheme() + host() + ":" + effectivePort() + "/", props);
    }

    @Override
    default String snapshotMode() {
        return effectiveSnapshot();
    }

    @Override
    default List<dev.cdcsync.core.model.TableId> capturedTables(String pipeline) {
        try (java.sql.Connection c = connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                     + " WHERE TABLE_TYPE = 'BASE TABLE'")) {
            return TableFilter.select(tables(), rs);
        } catch (java.sql.SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, host() + ":" + effectivePort(),
                    "cannot list the source's tables (" + e.getMessage() + ")");
        }
    }

    @Override
    default java.util.Optional<dev.cdcsync.core.model.Checkpoint> resumeFrom(String pipeline,
            java.util.Optional<dev.cdcsync.core.model.Checkpoint> committed) {
        return BinlogResumeCheck.verify(this, pipeline, committed);
    }

    /** The checks both flavours' records run when bound. */
    static void check(String host, Integer port, String user, String snapshot, Long serverId) {
        Require.present(host, "host");
        Require.port(port, 3306);
        Require.present(user, "user");
        if (snapshot != null && !SNAPSHOT_MODES.contains(snapshot)) {
            throw new IllegalArgumentException("unknown snapshot '" + snapshot + "'; allowed: " + String.join(", ", SNAPSHOT_MODES));
        }
        if (serverId != null && (serverId < 1 || serverId > 4_294_967_295L)) {
            throw new IllegalArgumentException("'server-id' must be between 1 and 4294967295");
        }
    }

    @Override
    default Map<String, String> connectorProperties(String pipeline) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("connector.class", connectorClass());
        p.put("database.hostname", host());
        p.put("database.port", String.valueOf(effectivePort()));
        p.put("database.user", user());
        p.put("database.password", password() == null ? "" : password().value());
        p.put("database.server.id", String.valueOf(effectiveServerId(pipeline)));
        p.put("table.include.list", TableFilter.includeList(tables()));
        p.put("snapshot.mode", effectiveSnapshot().equals("never") ? "no_data" : effectiveSnapshot());
        p.put("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
        p.put("schema.history.internal.file.filename", schemaHistoryFile(pipeline).toAbsolutePath().toString());
        // Only the captured tables' DDL: the history of every table in the server would grow for nothing.
        p.put("schema.history.internal.store.only.captured.tables.ddl", "true");
        p.put("include.schema.changes", "false");
        p.put("time.precision.mode", "adaptive_time_microseconds");
        // UNSIGNED BIGINT up to 18446744073709551615: 'long' would wrap around.
        p.put("bigint.unsigned.handling.mode", "precise");
        p.put("inconsistent.schema.handling.mode", "fail");
        // The binlog client's own reconnect resumes from its position mid-transaction (changes lost or doubled);
        // instead DisconnectWatch replaces a disconnected connector with one that resumes from the checkpoint.
        p.put("connect.keep.alive", "false");
        return p;
    }
}
