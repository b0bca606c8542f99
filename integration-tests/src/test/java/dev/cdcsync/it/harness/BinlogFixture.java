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

    /** Starts a new binlog file and purges all older ones, as binlog expiry does. */
    @Override
    public void loseSourceLog() throws SQLException {
        try (java.sql.Statement st = source().createStatement()) {
            st.execute("FLUSH BINARY LOGS");
            String current;
            try (java.sql.ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                current = rs.getString(1);
            }
            st.execute("PURGE BINARY LOGS TO '" + current + "'");
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
