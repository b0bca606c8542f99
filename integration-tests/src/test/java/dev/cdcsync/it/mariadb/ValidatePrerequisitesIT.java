package dev.cdcsync.it.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.CassandraServer;
import dev.cdcsync.it.harness.CdcSyncProcess;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.MongoTarget;
import dev.cdcsync.it.harness.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} connects to each source and says exactly what to change. */
class ValidatePrerequisitesIT {

    @TempDir
    Path dir;

    @Test
    void missingPrivilegesServerIdClashAndMissingTableAreEachNamedWithTheFix() throws Exception {
        MariaDbServer maria = MariaDbServer.shared();
        String db = maria.createDatabase("pre");
        try (Connection c = maria.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY)");
            st.execute("CREATE USER IF NOT EXISTS 'plain'@'%' IDENTIFIED BY 'pw'");
            st.execute("GRANT SELECT ON " + db + ".* TO 'plain'@'%'");
        }
        Path config = write("""
                pipelines:
                  - name: pre
                    source: {type: mariadb, host: localhost, port: %d, user: plain, password: pw, server-id: 1,
                             tables: [%s.t, %s.missing]}
                    target: {type: postgres, url: "jdbc:postgresql://localhost:5432/x"}
                """.formatted(maria.port(), db, db));
        Path log = dir.resolve("validate.log");

        assertThat(CdcSyncProcess.run(log, Map.of(), "validate", "--config", config.toString())).isEqualTo(2);
        assertThat(Files.readString(log))
                .contains("user plain lacks REPLICATION SLAVE, REPLICATION CLIENT, RELOAD: GRANT REPLICATION SLAVE,"
                        + " REPLICATION CLIENT, RELOAD ON *.* TO 'plain'@'<host>'")
                .contains("server-id 1 is the source server's own server_id")
                .contains("table " + db + ".missing does not exist at the source")
                .doesNotContain("binlog_format").doesNotContain("log_bin is");
    }

    @Test
    void readySourcesPass() throws Exception {
        MariaDbServer maria = MariaDbServer.shared();
        PostgresServer pg = PostgresServer.shared();
        String db = mariaDbWithTable("ok");
        String pgDb = pg.createDatabase("ok");
        try (Connection c = pg.connect(pgDb); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY)");
        }
        Path config = write("""
                pipelines:
                  - name: maria
                    source: {type: mariadb, host: localhost, port: %d, user: cdc, password: cdc-test, tables: [%s.t]}
                    target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: postgres}
                  - name: pg
                    source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres, tables: [public.t]}
                    target: {type: mongodb, uri: "%s", database: ok}
                  - name: wide
                    source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres, tables: [public.t]}
                    target: {type: cassandra, contact-points: ["%s"], local-datacenter: datacenter1, keyspace: validate_ok}
                """.formatted(maria.port(), db, pg.port(), pgDb, pg.port(), pgDb, MongoTarget.shared().settings("ok").uri().value(),
                pg.port(), pgDb, CassandraServer.shared().contactPoint()));
        Path log = dir.resolve("validate.log");

        assertThat(CdcSyncProcess.run(log, Map.of(), "validate", "--config", config.toString()))
                .as(Files.readString(log)).isZero();
    }

    @Test
    void targetsThatCannotBeReachedOrWrittenAreEachNamedWithTheFix() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        MariaDbServer maria = MariaDbServer.shared();
        String db = mariaDbWithTable("tgt");
        String pgDb = pg.createDatabase("tgt");
        try (Connection c = pg.connect(pgDb); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN CREATE ROLE reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path config = write("""
                pipelines:
                  - name: reader
                    source: {type: mariadb, host: localhost, port: %d, user: cdc, password: cdc-test, tables: [%s.t]}
                    target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: reader}
                  - name: nowhere
                    source: {type: mariadb, host: localhost, port: %d, user: cdc, password: cdc-test, server-id: 77,
                             tables: [%s.t]}
                    target: {type: mongodb, uri: "mongodb://127.0.0.1:%d", database: shop}
                  - name: nocluster
                    source: {type: mariadb, host: localhost, port: %d, user: cdc, password: cdc-test, server-id: 78,
                             tables: [%s.t]}
                    target: {type: cassandra, contact-points: ["127.0.0.1:%d"], local-datacenter: datacenter1, keyspace: shop}
                """.formatted(maria.port(), db, pg.port(), pgDb, maria.port(), db, closed, maria.port(), db, closed));
        Path log = dir.resolve("validate.log");

        assertThat(CdcSyncProcess.run(log, Map.of(), "validate", "--config", config.toString())).isEqualTo(2);
        assertThat(Files.readString(log))
                .contains("pipeline reader: target: user reader may not create tables in schema public at"
                        + " jdbc:postgresql://localhost:" + pg.port() + "/" + pgDb + ": GRANT CREATE ON SCHEMA \"public\" TO reader")
                .contains("pipeline nowhere: target: MongoDB 127.0.0.1:" + closed + "/shop is unreachable")
                .contains("pipeline nocluster: target: Cassandra 127.0.0.1:" + closed + ", keyspace shop is unreachable");
    }

    @Test
    void aPostgresSourceUserThatMayNotMakeTheHeartbeatTableOrThePublicationIsToldTheStatementsThatFixItByValidateAndRun()
            throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String pgDb = pg.createDatabase("grants");
        try (Connection c = pg.connect(pgDb); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY)"); // owned by postgres
            st.execute("DO $$ BEGIN CREATE ROLE publisher LOGIN REPLICATION; EXCEPTION WHEN duplicate_object THEN NULL;"
                    + " END $$");
            st.execute("GRANT SELECT ON t TO publisher");
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
        Path config = write("""
                http: {listen: "127.0.0.1:0"}
                pipelines:
                  - name: grants
                    source: {type: postgres, host: localhost, port: %d, database: %s, user: publisher, tables: [public.t]}
                    target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: postgres, schema: copy}
                """.formatted(pg.port(), pgDb, pg.port(), pgDb));
        String heartbeat = "user publisher cannot create the heartbeat table public.cdc_sync_heartbeat (no CREATE on schema"
                + " public): GRANT CREATE ON SCHEMA \"public\" TO \"publisher\"";
        String publication = "user publisher cannot create the publication cdc_sync_grants (PostgreSQL requires CREATE on"
                + " database " + pgDb + " and ownership of public.t): GRANT CREATE ON DATABASE \"" + pgDb + "\" TO"
                + " \"publisher\"; ALTER TABLE \"public\".\"t\" OWNER TO \"publisher\"; or have a superuser run CREATE"
                + " PUBLICATION \"cdc_sync_grants\" FOR TABLE \"public\".\"t\", \"public\".\"cdc_sync_heartbeat\"";
        Path log = dir.resolve("validate.log");
        assertThat(CdcSyncProcess.run(log, Map.of(), "validate", "--config", config.toString())).isEqualTo(2);
        assertThat(Files.readString(log)).contains(heartbeat).contains(publication);

        Path runLog = dir.resolve("run.log");
        assertThat(CdcSyncProcess.run(runLog, Map.of(), "run", "--config", config.toString()))
                .as("run stops at once, before any load").isEqualTo(1);
        assertThat(Files.readString(runLog)).contains("cannot start: source localhost:" + pg.port() + ": " + heartbeat)
                .contains(publication);

        try (Connection c = pg.connect(pgDb); Statement st = c.createStatement()) { // what the lines say to do
            st.execute("GRANT CREATE ON SCHEMA \"public\" TO \"publisher\"");
            st.execute("GRANT CREATE ON DATABASE \"" + pgDb + "\" TO \"publisher\"");
            st.execute("ALTER TABLE \"public\".\"t\" OWNER TO \"publisher\"");
        }
        Path again = dir.resolve("validate-again.log");
        assertThat(CdcSyncProcess.run(again, Map.of(), "validate", "--config", config.toString()))
                .as(Files.readString(again)).isZero();
    }

    /** A database of its own on the shared MariaDB, holding a table {@code t}. */
    private static String mariaDbWithTable(String label) throws Exception {
        MariaDbServer maria = MariaDbServer.shared();
        String db = maria.createDatabase(label);
        try (Connection c = maria.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int PRIMARY KEY)");
        }
        return db;
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("pipelines.yaml"), yaml);
    }
}
