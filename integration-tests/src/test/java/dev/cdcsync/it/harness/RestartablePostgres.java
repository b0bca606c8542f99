package dev.cdcsync.it.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A PostgreSQL that a test can stop and start again on the same port and data directory, to play
 * a target (or source) that restarts under a running pipeline.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    public RestartablePostgres() {
        try {
            this.dataDir = Files.createTempDirectory("cdc-sync-pg");
            try (ServerSocket s = new ServerSocket(0)) {
                this.port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public synchronized void start() {
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                // Generous: a restart under load may first replay WAL.
                pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                        .setPGStartupWait(Duration.ofSeconds(30))
                        .setServerConfig("wal_level", "logical").setServerConfig("max_replication_slots", "10")
                        .setServerConfig("max_wal_senders", "10").setServerConfig("fsync", "off")
                        .start();
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException("cannot start PostgreSQL on " + dataDir, last);
    }

    /** A fast shutdown: connections are cut, as in a crash or an operator's restart. */
    public synchronized void stop() {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // pg_ctl may give up waiting while replication connections linger: wait for the postmaster to be gone.
        Path pid = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.exists(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    @Override
    public void close() {
        stop();
    }
}
