package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.RestartablePostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/** Fault injection with a PostgreSQL source of its own, so that the source can be restarted too. */
class PostgresFaultInjectionIT extends FaultInjectionSuite {

    private RestartablePostgres server;

    @Override
    protected FaultSource source(String name) throws Exception {
        server = new RestartablePostgres();
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try (Connection c = server.connect(name)) {
            Workload.createTables(c);
        }
        return new FaultSource() {
            @Override
            public Connection connect() throws SQLException {
                return server.connect(name);
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String yaml(List<String> tables, int port) {
                return """
                            source:
                              type: postgres
                              host: 127.0.0.1
                              port: %d
                              database: %s
                              user: postgres
                              tables: [%s]
                        """.formatted(port, name, tables.stream().map(this::qualify).collect(Collectors.joining(", ")));
            }

            @Override
            public String qualify(String table) {
                return "public." + table;
            }

            @Override
            public String widenOrderStateSql() {
                return "ALTER TABLE orders ALTER COLUMN state TYPE varchar(20)";
            }

            @Override
            public void restart() throws Exception {
                server.stop();
                Thread.sleep(1000);
                server.start();
            }
        };
    }

    @AfterEach
    void stopSource() {
        if (server != null) {
            server.close();
        }
    }
}
