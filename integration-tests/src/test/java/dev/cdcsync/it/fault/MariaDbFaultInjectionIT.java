package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.MariaDbServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** Fault injection with a MariaDB (binlog) source. */
class MariaDbFaultInjectionIT extends FaultInjectionSuite {

    @Override
    protected FaultSource source(String name) throws Exception {
        MariaDbServer server = MariaDbServer.shared();
        String db = server.createDatabase(name);
        try (Connection c = server.connect(db)) {
            Workload.createTables(c);
        }
        String history = Files.createTempDirectory("fault-history").resolve("history.dat").toString();
        return new FaultSource() {
            @Override
            public Connection connect() throws SQLException {
                return server.connect(db);
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String yaml(List<String> tables, int port) {
                return """
                            source:
                              type: mariadb
                              host: 127.0.0.1
                              port: %d
                              user: %s
                              password: %s
                              server-id: 5999
                              schema-history: "%s"
                              tables: [%s]
                        """.formatted(port, MariaDbServer.USER, MariaDbServer.PASSWORD, history,
                        tables.stream().map(this::qualify).collect(Collectors.joining(", ")));
            }

            @Override
            public String qualify(String table) {
                return db + "." + table;
            }

            @Override
            public String widenOrderStateSql() {
                return "ALTER TABLE orders MODIFY state varchar(20)";
            }

            @Override
            public void restart() {
                server.restart();
            }
        };
    }
}
