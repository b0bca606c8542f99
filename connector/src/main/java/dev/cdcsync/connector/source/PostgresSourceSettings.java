package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.model.TableId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code source: {type: postgres, ...}}: logical replication with pgoutput through a slot and a
 * publication that cdc-sync names after the pipeline and limits to the configured tables.
 */
public record PostgresSourceSettings(String host, Integer port, String database, String user, Secret password,
                                     List<String> tables, String snapshot, String snapshotMethod,
                                     Integer loadParallelism, String slot, String publication, String heartbeatTable,
                                     Map<String, String> debezium)
        implements DebeziumSourceSettings {

    /**
     * A one-row-per-pipeline table cdc-sync writes at every heartbeat, so the slot advances even when the
     * captured tables are idle (otherwise the source keeps WAL for the slot). {@code none} turns it off.
     */
    public static final String DEFAULT_HEARTBEAT_TABLE = "public.cdc_sync_heartbeat";

    static final List<String> SNAPSHOT_MODES = List.of("initial", "never", "when_needed", "initial_only", "always");
    static final List<String> SNAPSHOT_METHODS = List.of("copy", "debezium");
    static final int MAX_LOAD_PARALLELISM = 32;
    /** Debezium settings that change how values convert: with any of them, Debezium's own snapshot converts alike. */
    private static final List<String> CONVERSION_SETTINGS = List.of("decimal.handling.mode", "binary.handling.mode",
            "time.precision.mode", "interval.handling.mode", "hstore.handling.mode", "converters",
            "column.propagate.source.type", "datatype.propagate.source.type", "include.unknown.datatypes");

    /** The same without {@code snapshot-method} (the default). */
    public PostgresSourceSettings(String host, Integer port, String database, String user, Secret password,
                                  List<String> tables, String snapshot, String slot, String publication,
                                  String heartbeatTable, Map<String, String> debezium) {
        this(host, port, database, user, password, tables, snapshot, null, null, slot, publication, heartbeatTable, debezium);
    }

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
        if (snapshotMethod != null && !SNAPSHOT_METHODS.contains(snapshotMethod)) {
            throw new IllegalArgumentException("unknown snapshot-method '" + snapshotMethod + "'; allowed: "
                    + String.join(", ", SNAPSHOT_METHODS));
        }
        if (loadParallelism != null && (loadParallelism < 1 || loadParallelism > MAX_LOAD_PARALLELISM)) {
            throw new IllegalArgumentException("'load-parallelism' must be 1 to " + MAX_LOAD_PARALLELISM + ", not "
                    + loadParallelism + " (connections the COPY load reads with)");
        }
        heartbeatTable = heartbeatTable == null ? DEFAULT_HEARTBEAT_TABLE : heartbeatTable;
        debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
    }

    /** {@code snapshot-method} as configured, or null for the default (copy, where the pipeline allows it). */
    @Override
    public String snapshotMethod() {
        return snapshotMethod;
    }

    /**
     * Whether snapshots are cdc-sync's own COPY load ({@link PgInitialLoad}) rather than Debezium's: with
     * {@code snapshot-method: copy}, for the modes that snapshot at a start (not {@code initial_only}, which stops after
     * Debezium's snapshot), unless the user's Debezium settings change how values convert.
     */
    boolean copyLoad() {
        return !"debezium".equals(snapshotMethod) && !snapshot.equals("initial_only") && !snapshot.equals("never")
                && CONVERSION_SETTINGS.stream().noneMatch(debezium::containsKey);
    }

    /**
     * The connections the COPY load reads with: {@code load-parallelism}, or when it is not set one per four cores, at
     * least one. Each connection adds a source backend and a decoding thread beside the one pipeline thread and the
     * target's one writing backend; on two cores a second connection made the load a third slower (measured, README).
     */
    int loadConnections() {
        return loadParallelism != null ? loadParallelism : Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    }

    public PostgresSourceSettings withSnapshotMethod(String method) {
        return new PostgresSourceSettings(host, port, database, user, password, tables, snapshot, method, loadParallelism,
                slot, publication, heartbeatTable, debezium);
    }

    String slotName(String pipeline) {
        return slot == null ? defaultName(pipeline) : slot;
    }

    String publicationName(String pipeline) {
        return publication == null ? defaultName(pipeline) : publication;
    }

    @Override
    public boolean snapshotRuns(java.util.Optional<dev.cdcsync.core.model.Checkpoint> from) {
        return !copyLoad() && DebeziumSourceSettings.super.snapshotRuns(from);
    }

    @Override
    public java.util.Optional<SourceLoad> initialLoad(String pipeline,
            java.util.Optional<dev.cdcsync.core.model.Checkpoint> from, int batchRows) {
        if (!copyLoad()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<PgLoadProgress> progress = from.flatMap(PgLoadProgress::of);
        if (from.isPresent() && progress.map(PgLoadProgress::complete).orElse(true)) {
            return java.util.Optional.empty(); // streaming (or about to): nothing to load
        }
        return java.util.Optional.of(new PgInitialLoad(this, pipeline, slotName(pipeline),
                publicationName(pipeline), batchRows).plan(progress.orElse(null)));
    }

    /** The heartbeat table, or empty when turned off. */
    public java.util.Optional<TableId> heartbeat() {
        return heartbeatTable.equals("none") ? java.util.Optional.empty() : java.util.Optional.of(TableId.parse(heartbeatTable));
    }

    /** Slot and publication names: lower case letters, digits and underscores, as PostgreSQL requires for slots. */
    static String defaultName(String pipeline) {
        return "cdc_sync_" + pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }


    /**
     * Creates the heartbeat table if it is missing, and checks that the user may write it and make the publication what
     * it must be (see {@link PgSourceObjects}): a user that may not stops here, with the statement that fixes it (the
     * same line {@code validate} gives), rather than part-way into the load.
     */
    @Override
    public void prepare(String pipeline) {
        try (java.sql.Connection c = connect(); java.sql.Statement st = c.createStatement()) {
            PgSourceObjects made = new PgSourceObjects(c, user, database);
            java.util.Optional<String> problem = heartbeat().isPresent() ? made.heartbeatProblem(heartbeat().get())
                    : java.util.Optional.empty();
            if (problem.isEmpty() && heartbeat().isPresent() && !made.exists(heartbeat().get())) {
                // only when missing: even IF NOT EXISTS needs CREATE on the schema, which a user may lack once it is there
                st.execute("CREATE TABLE IF NOT EXISTS " + PgCatalog.quote(heartbeat().get())
                        + " (pipeline text PRIMARY KEY, beat timestamptz NOT NULL)");
            }
            List<String> problems = java.util.stream.Stream.of(problem, publicationProblem(pipeline, c))
                    .flatMap(java.util.Optional::stream).toList();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("source " + host + ":" + port + ": " + String.join("; and ", problems));
            }
        } catch (java.sql.SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, host + ":" + port, "cannot prepare the source for pipeline "
                    + pipeline + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Whether the user may create the publication or set its tables, as a start would; nothing to check where the
     * {@code debezium:} settings hand the publication to the operator ({@code publication.autocreate.mode}).
     */
    java.util.Optional<String> publicationProblem(String pipeline, java.sql.Connection c) throws java.sql.SQLException {
        if (!debezium.getOrDefault("publication.autocreate.mode", "filtered").equals("filtered")) {
            return java.util.Optional.empty();
        }
        List<TableId> published = new java.util.ArrayList<>(capturedTables(pipeline));
        heartbeat().ifPresent(published::add);
        return new PgSourceObjects(c, user, database).publicationProblem(publicationName(pipeline), published);
    }

    /** A plain JDBC connection to the source database, for checks before the connector starts. */
    java.sql.Connection connect() throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password.value());
        return java.sql.DriverManager.getConnection(jdbcUrl(), props);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public java.util.Optional<dev.cdcsync.core.model.Checkpoint> resumeFrom(String pipeline,
            java.util.Optional<dev.cdcsync.core.model.Checkpoint> committed) {
        return ResumeCheck.verify(this, pipeline, committed);
    }

    @Override
    public String snapshotMode() {
        return snapshot;
    }

    @Override
    public List<TableId> capturedTables(String pipeline) {
        try (java.sql.Connection c = connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT n.nspname, t.relname FROM pg_class t"
                     + " JOIN pg_namespace n ON t.relnamespace = n.oid WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition"
                     + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'")) {
            return TableFilter.select(tables, rs).stream().filter(t -> !isInternal(t)).toList();
        } catch (java.sql.SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, host + ":" + port,
                    "cannot list the source's tables (" + e.getMessage() + ")");
        }
    }

    @Override
    public SourceLag lag(String pipeline, dev.cdcsync.core.model.Checkpoint checkpoint) throws java.sql.SQLException {
        return PgSourceLag.of(this, slotName(pipeline), checkpoint);
    }

    @Override
    public Map<TableId, Long> estimatedRows(List<TableId> tables) throws java.sql.SQLException {
        return PgSourceLag.estimatedRows(this, tables);
    }

    /** Heartbeat rows only move the checkpoint; they never reach the target. */
    @Override
    public boolean isInternal(TableId table) {
        return heartbeat().map(h -> h.name().equals(table.name())
                && java.util.Objects.equals(h.namespace() == null ? "public" : h.namespace(), table.namespace())).orElse(false);
    }

    /** The converter that carries what Debezium would bend, and the snapshot queries it needs (see {@link PgCatalog}). */
    @Override
    public Map<String, String> catalogProperties(String pipeline) {
        try (java.sql.Connection c = connect()) {
            List<String> captured = new java.util.ArrayList<>(tables);
            heartbeat().ifPresent(h -> captured.add(heartbeatTable));
            return PgCatalog.properties(c, captured);
        } catch (java.sql.SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, host + ":" + port,
                    "cannot read the source's catalog (" + e.getMessage() + ")");
        }
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
        p.put("slot.name", slotName(pipeline));
        p.put("publication.name", publicationName(pipeline));
        // Never all_tables: UPDATEs on any table without a replica identity would start failing.
        p.put("publication.autocreate.mode", "filtered");
        List<String> captured = new java.util.ArrayList<>(tables);
        heartbeat().ifPresent(h -> {
            captured.add(heartbeatTable);
            p.put("heartbeat.action.query", "INSERT INTO " + PgCatalog.quote(h) + " (pipeline, beat) VALUES ('"
                    + pipeline.replace("'", "''") + "', now()) ON CONFLICT (pipeline) DO UPDATE SET beat = EXCLUDED.beat");
        });
        p.put("table.include.list", TableFilter.includeList(captured));
        // The COPY load has created the slot and loaded the tables: the connector streams from the slot's start.
        p.put("snapshot.mode", snapshot.equals("never") || copyLoad() ? "no_data" : snapshot);
        p.put("time.precision.mode", "adaptive_time_microseconds");
        p.put("interval.handling.mode", "string");
        return p;
    }
}
