package dev.cdcsync.it.harness;

import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SourceSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A PostgreSQL -> PostgreSQL pipeline under test; the source database lives on the shared server too. */
public final class PostgresPipeline extends SyncFixture {

    private final PostgresServer server;
    private final String sourceDb;
    private Map<String, String> debezium = Map.of();

    private PostgresPipeline(PostgresServer server, String label, String sourceDb) throws SQLException {
        super(label, server.connect(sourceDb));
        this.server = server;
        this.sourceDb = sourceDb;
        server.dropSlot(slot());
    }

    public static PostgresPipeline create(PostgresServer server, String label) throws SQLException {
        return new PostgresPipeline(server, label, server.createDatabase("src"));
    }

    /** The source's {@code debezium:} map for the next start. */
    public void debezium(Map<String, String> properties) {
        debezium = Map.copyOf(properties);
    }

    public String slot() {
        return "cdc_sync_" + name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    protected SourceSettings sourceSettings(List<String> tables) {
        return new PostgresSourceSettings("localhost", server.port(), sourceDb, "postgres", new Secret(""),
                tables, snapshot, null, null, null, debezium);
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
    public void close() throws SQLException {
        super.close();
        server.dropSlot(slot());
    }
}
