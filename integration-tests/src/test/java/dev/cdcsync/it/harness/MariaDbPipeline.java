package dev.cdcsync.it.harness;

import dev.cdcsync.connector.source.MariaDbSourceSettings;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A MariaDB -> PostgreSQL pipeline under test; its schema history lives in a temporary file. */
public final class MariaDbPipeline extends SyncFixture {

    private final MariaDbServer server;
    private final String sourceDb;
    private final Path history;

    private MariaDbPipeline(MariaDbServer server, String label, String sourceDb) throws SQLException {
        super(label, server.connect(sourceDb));
        this.server = server;
        this.sourceDb = sourceDb;
        try {
            this.history = Files.createTempDirectory("cdc-sync-history").resolve("schema-history.dat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MariaDbPipeline create(MariaDbServer server, String label) throws SQLException {
        return new MariaDbPipeline(server, label, server.createDatabase("src"));
    }

    @Override
    protected SourceSettings sourceSettings(List<String> tables) {
        return new MariaDbSourceSettings("localhost", server.port(), MariaDbServer.USER,
                new Secret(MariaDbServer.PASSWORD), tables, "initial",
                null, history.toString(), Map.of());
    }

    @Override
    public String qualify(String table) {
        return sourceDb + "." + table;
    }

    @Override
    public String quoteSource(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    public Path schemaHistory() {
        return history;
    }
}
