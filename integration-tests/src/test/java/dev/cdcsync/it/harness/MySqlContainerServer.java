package dev.cdcsync.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A real MySQL 8.4 in a Testcontainers container, binlog in ROW format with FULL row image (MySQL 8's
 * defaults, set explicitly). Only where a Docker engine runs: {@link #dockerAvailable()} tells.
 */
public final class MySqlContainerServer {

    public static final String USER = "root";
    public static final String PASSWORD = "cdc-test";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MySqlContainerServer shared;

    private final MySQLContainer container;

    private MySqlContainerServer(MySQLContainer container) {
        this.container = container;
    }

    public static boolean dockerAvailable() {
        String mode = System.getProperty("cdcsync.it.servers", "auto");
        return !mode.equals("local") && DockerClientFactory.instance().isDockerAvailable();
    }

    public static synchronized MySqlContainerServer shared() {
        if (shared == null) {
            MySQLContainer container = new MySQLContainer("mysql:8.4")
                    .withPassword(PASSWORD)
                    .withCommand("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1",
                            "--gtid-mode=ON", "--enforce-gtid-consistency=ON");
            container.start();
            shared = new MySqlContainerServer(container);
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        }
        return shared;
    }

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(3306);
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + host() + ":" + port() + "/" + database
                + "?allowPublicKeyRetrieval=true&useSSL=false", USER, PASSWORD);
    }

    public String createDatabase(String prefix) throws SQLException {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return name;
    }
}
