package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** Fault injection with a PostgreSQL source (the shared server; only the target restarts). */
class PostgresFaultInjectionIT extends FaultInjectionSuite {

    @Override
    protected FaultSource source(String name) throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.dropSlot("cdc_sync_fault");
        String db = server.createDatabase(name);
        try (Connection c = server.connect(db)) {
            createTables(c);
        }
        return new FaultSource() {
            @Override
            public Connection connect() throws SQLException {
                return server.connect(db);
            }

            @Override
            public String yaml(List<String> tables) {
                return """
                            source:
                              type: postgres
                              host: localhost
                              port: %d
                              database: %s
                              user: postgres
                              tables: [%s]
                        """.formatted(server.port(), db, tables.stream().map(t -> "public." + t).collect(Collectors.joining(", ")));
            }
        };
    }
}
