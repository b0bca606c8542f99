package dev.cdcsync.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A MySQL or MariaDB source fixture: backtick quoting, database.table names, a schema history in a temporary file. */
public abstract class BinlogFixture extends SyncFixture {

    protected final String sourceDb;
    protected final Path history;

    protected BinlogFixture(String label, Connection source, String sourceDb, SyncTarget.Opener target) throws Exception {
        super(label, source, target);
        this.sourceDb = sourceDb;
        try {
            this.history = Files.createTempDirectory("cdc-sync-history").resolve("schema-history.dat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a new binlog file and purges all older ones, as binlog expiry does. The server keeps a file that a
     * binlog reader still has open, and a stopped pipeline's reader lingers until the server notices: end those first.
     */
    @Override
    public void loseSourceLog() throws SQLException {
        try (java.sql.Statement st = source().createStatement()) {
            List<Long> readers = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery(
                    "SELECT id FROM information_schema.PROCESSLIST WHERE command LIKE 'Binlog Dump%'")) {
                while (rs.next()) {
                    readers.add(rs.getLong(1));
                }
            }
            for (long reader : readers) {
                st.execute("KILL CONNECTION " + reader);
            }
            st.execute("FLUSH BINARY LOGS");
            String current;
            try (java.sql.ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                current = rs.getString(1);
            }
            // MariaDB keeps a file until its binlog checkpoint (written just after the rotation) covers it: ask again.
            String left = "";
            for (int attempt = 0; attempt < 100; attempt++) {
                st.execute("PURGE BINARY LOGS TO '" + current + "'");
                left = olderBinlogs(st, current);
                if (left.isEmpty()) {
                    return;
                }
                sleep(100);
            }
            throw new IllegalStateException("binlogs " + left + " survived PURGE BINARY LOGS");
        }
    }

    private static String olderBinlogs(java.sql.Statement st, String current) throws SQLException {
        StringBuilder older = new StringBuilder();
        try (java.sql.ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                older.append(rs.getString(1).equals(current) ? "" : rs.getString(1) + " ");
            }
        }
        return older.toString().trim();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void prepareKeyless(String table) {
        // The binlog's FULL row image always carries the old row.
    }

    @Override
    public void updateOneRow(String table, String set, String where) throws SQLException {
        sourceSql("UPDATE " + table + " SET " + set + " WHERE " + where + " LIMIT 1");
    }

    @Override
    public void replacePrimaryKey(String table, String column) throws SQLException {
        sourceSql("ALTER TABLE " + table + " DROP PRIMARY KEY, ADD PRIMARY KEY (" + column + ")");
    }

    @Override
    public void alterColumnType(String table, String column, String type) throws SQLException {
        sourceSql("ALTER TABLE " + table + " MODIFY " + column + " " + type);
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
