package dev.cdcsync.it.harness;

import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SourceSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A pipeline from a PostgreSQL source under test; the source database lives on the shared server. */
public final class PostgresPipeline extends SyncFixture {

    private final PostgresServer server;
    private final String sourceDb;
    private Map<String, String> debezium = Map.of();
    private String snapshotMethod;
    /** The COPY load's connections (null: the default). */
    private Integer loadParallelism = Integer.getInteger("it.load.parallelism");

    private PostgresPipeline(PostgresServer server, String label, String sourceDb, SyncTarget.Opener target)
            throws Exception {
        super(label, server.connect(sourceDb), target);
        this.server = server;
        this.sourceDb = sourceDb;
        server.dropSlot(slot());
    }

    public static PostgresPipeline create(PostgresServer server, String label) throws Exception {
        return create(server, label, SyncTarget.Kind.POSTGRES);
    }

    public static PostgresPipeline create(PostgresServer server, String label, SyncTarget.Opener target) throws Exception {
        return new PostgresPipeline(server, label, server.createDatabase("src"), target);
    }

    /** The source's {@code debezium:} map for the next start. */
    public void debezium(Map<String, String> properties) {
        debezium = Map.copyOf(properties);
    }

    /** The source's {@code snapshot-method} for the next start (null: the default). */
    public void snapshotMethod(String method) {
        snapshotMethod = method;
    }

    public void loadParallelism(Integer connections) {
        loadParallelism = connections;
    }

    public String sourceDatabase() {
        return sourceDb;
    }

    public String slot() {
        return "cdc_sync_" + name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    protected SourceSettings sourceSettings(List<String> tables) {
        return new PostgresSourceSettings("localhost", server.port(), sourceDb, "postgres", new Secret(""),
                tables, snapshot, snapshotMethod, loadParallelism, null, null, null, debezium);
    }

    @Override
    public void prepareKeyless(String table) throws SQLException {
        sourceSql("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    }

    @Override
    public void updateOneRow(String table, String set, String where) throws SQLException {
        sourceSql("UPDATE " + table + " SET " + set + " WHERE ctid = (SELECT ctid FROM " + table + " WHERE " + where
                + " LIMIT 1)");
    }

    @Override
    public void replacePrimaryKey(String table, String column) throws SQLException {
        sourceSql("ALTER TABLE " + table + " DROP CONSTRAINT " + table + "_pkey, ADD PRIMARY KEY (" + column + ")");
    }

    @Override
    public void alterColumnType(String table, String column, String type) throws SQLException {
        sourceSql("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE " + type);
    }

    @Override
    public void loseSourceLog() throws SQLException {
        server.dropSlot(slot());
    }

    @Override
    public String qualify(String table) {
        return "public." + table;
    }

    @Override
    public String quoteSource(String identifier) {
        return quotePostgres(identifier);
    }

    public static String quote(String identifier) {
        return quotePostgres(identifier);
    }

    @Override
    public void close() throws Exception {
        super.close();
        server.dropSlot(slot());
    }
}
