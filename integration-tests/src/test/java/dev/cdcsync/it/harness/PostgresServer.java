package dev.cdcsync.it.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (binaries from the zonky Maven artifact) with {@code wal_level=logical}, on a
 * free port and a temporary data directory that is removed on close. {@link #shared()} is one server
 * for the whole test run; tests isolate themselves with their own databases.
 */
public final class PostgresServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final EmbeddedPostgres pg;

    private PostgresServer(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static PostgresServer start() {
        try {
            return new PostgresServer(EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** One server for the whole run, stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public int port() {
        return pg.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** A new, empty database with a name unique in this run. */
    public String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The primary key's columns of {@code table} (as {@code to_regclass} reads the name), in key order; empty if none. */
    public static java.util.List<String> primaryKey(Connection c, String table) throws SQLException {
        java.util.List<String> key = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey)"
                + " WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.ord")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    /**
     * A number in the initial load's checkpoint entry in a target: the field at {@code path} (keys, comma-separated,
     * e.g. {@code lsn} or {@code next_block,public.big}); 0 when there is none yet, or no checkpoint table.
     */
    public static long loadCheckpoint(Connection target, String path) {
        try (var st = target.createStatement(); var rs = st.executeQuery("SELECT coalesce((source_offset::jsonb #>> '{"
                + path + "}')::bigint, 0) FROM cdc_sync_offsets WHERE source_partition LIKE '%cdc_sync_load%'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // the checkpoint table is not there yet
        }
    }

    /** Drops a replication slot if it exists: a reused slot with a fresh checkpoint would replay old WAL. */
    public void dropSlot(String slot) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot.replace("'", "''") + "' AND NOT active");
        }
    }

    /** The slot's confirmed_flush_lsn as a number (0 when the slot is missing or has confirmed nothing). */
    public long confirmedFlushLsn(String slot) throws SQLException {
        try (Connection c = connect("postgres"); var ps = c.prepareStatement(
                "SELECT coalesce(confirmed_flush_lsn - '0/0'::pg_lsn, 0) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
