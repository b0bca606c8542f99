package dev.cdcsync.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** A MySQL or MariaDB source fixture: backtick quoting, database.table names, a schema history in a temporary file. */
public abstract class BinlogFixture extends SyncFixture {

    protected final String sourceDb;
    protected final Path history;

    protected BinlogFixture(String label, Connection source, String sourceDb) throws SQLException {
        super(label, source);
        this.sourceDb = sourceDb;
        try {
            this.history = Files.createTempDirectory("cdc-sync-history").resolve("schema-history.dat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String qualify(String table) {
        return sourceDb + "." + table;
    }

    @Override
    public String quoteSource(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
