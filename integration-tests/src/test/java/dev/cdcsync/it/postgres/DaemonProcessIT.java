package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CdcSyncProcess;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.TableRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar as an operator runs it: {@code run} until SIGTERM, {@code validate} on good and bad files. */
class DaemonProcessIT {

    private static final String SECRET = "hunter2-do-not-log";

    @TempDir
    Path dir;

    @Test
    void runSyncsUntilSigtermThenExitsZeroWithoutLoggingThePassword() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String sourceDb = server.createDatabase("jar_src");
        String targetDb = server.createDatabase("jar_dst");
        server.dropSlot("cdc_sync_jar_run");
        try (Connection source = server.connect(sourceDb); Connection target = server.connect(targetDb)) {
            sql(source, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
            Path config = Files.writeString(dir.resolve("pipelines.yaml"), """
                    http: {listen: "127.0.0.1:0"}
                    pipelines:
                      - name: jar_run
                        source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres,
                                 password: "${PG_PASSWORD}", tables: [public.t]}
                        target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: postgres,
                                 password: "${PG_PASSWORD}"}
                    """.formatted(server.port(), sourceDb, server.port(), targetDb));
            Path log = dir.resolve("daemon.log");
            Process daemon = cdcSync(log, "run", "--config", config.toString());
            try {
                Await.until(Duration.ofSeconds(90), () -> assertSame(source, target));
                sql(source, "UPDATE t SET v = 'changed' WHERE id <= 10", "DELETE FROM t WHERE id > 90",
                        "INSERT INTO t VALUES (1000, 'new')");
                Await.until(Duration.ofSeconds(60), () -> assertSame(source, target));
            } finally {
                daemon.destroy(); // SIGTERM
            }
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("daemon exited after SIGTERM").isTrue();
            String output = Files.readString(log);
            assertThat(daemon.exitValue()).as(output).isZero();
            assertThat(output).contains("stopped cleanly").doesNotContain(SECRET);
        } finally {
            server.dropSlot("cdc_sync_jar_run");
        }
    }

    @Test
    void aSecondSignalEndsTheStopAtOnceWithExitCodeThree() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String sourceDb = server.createDatabase("jar_sig_src");
        String targetDb = server.createDatabase("jar_sig_dst");
        server.dropSlot("cdc_sync_jar_signal");
        try (Connection source = server.connect(sourceDb); Connection target = server.connect(targetDb)) {
            sql(source, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'one')");
            Path config = Files.writeString(dir.resolve("pipelines.yaml"), """
                    http: {listen: "127.0.0.1:0"}
                    pipelines:
                      - name: jar_signal
                        source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres, tables: [public.t]}
                        target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: postgres}
                    """.formatted(server.port(), sourceDb, server.port(), targetDb));
            Path log = dir.resolve("daemon.log");
            Process daemon = cdcSync(log, "run", "--config", config.toString());
            Await.until(Duration.ofSeconds(90), () -> assertSame(source, target));
            for (int i = 0; i < 2; i++) { // two signals in a row: the second does not wait for the stop
                new ProcessBuilder("kill", "-TERM", String.valueOf(daemon.pid())).start().waitFor();
            }
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            assertThat(daemon.exitValue()).as(output).isEqualTo(3);
            assertThat(output).contains("second SIGTERM: exiting now");
        } finally {
            server.dropSlot("cdc_sync_jar_signal");
        }
    }

    @Test
    void withKeepOthersAPipelineThatCannotStartShowsAsFailedWhileTheOtherSyncs() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String sourceDb = server.createDatabase("jar_keep_src");
        String targetDb = server.createDatabase("jar_keep_dst");
        server.dropSlot("cdc_sync_jar_keep");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Connection source = server.connect(sourceDb); Connection target = server.connect(targetDb)) {
            sql(source, "CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'one')");
            Path config = Files.writeString(dir.resolve("pipelines.yaml"), """
                    on-pipeline-failure: keep-others
                    http: {listen: "127.0.0.1:%d"}
                    pipelines:
                      - name: jar_unreachable
                        source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres, tables: [public.t]}
                        target: {type: postgres, url: "jdbc:postgresql://localhost:1/nowhere", user: postgres}
                        errors: {retry: {max-attempts: 1}}
                      - name: jar_keep
                        source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres, tables: [public.t]}
                        target: {type: postgres, url: "jdbc:postgresql://localhost:%d/%s", user: postgres}
                    """.formatted(port, server.port(), sourceDb, server.port(), sourceDb, server.port(), targetDb));
            Path log = dir.resolve("daemon.log");
            Process daemon = cdcSync(log, "run", "--config", config.toString());
            try {
                Await.until(Duration.ofSeconds(90), () -> assertSame(source, target));
                sql(source, "INSERT INTO t VALUES (2, 'two')");
                Await.until(Duration.ofSeconds(60), () -> assertSame(source, target));
                String pipelines = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/pipelines")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(pipelines).containsPattern("\"name\" : \"jar_unreachable\",\\s+\"state\" : \"failed\"")
                        .contains("localhost:1");
                assertThat(daemon.isAlive()).isTrue();
            } finally {
                daemon.destroy();
            }
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("pipeline jar_unreachable cannot start");
        } finally {
            server.dropSlot("cdc_sync_jar_keep");
            server.dropSlot("cdc_sync_jar_unreachable");
        }
    }

    @Test
    void validateExitsTwoNamingTheLineOfAnUnknownKey() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                pipelines:
                  - name: p
                    source: {type: postgres, host: h, database: d, user: u, tables: [public.t]}
                    target:
                      type: postgres
                      url: jdbc:postgresql://h/d
                      schemma: x
                """);
        Path log = dir.resolve("validate.log");
        Process validate = cdcSync(log, "validate", "--no-connect", "--config", config.toString());
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains(config + ":7:7: unknown key 'schemma'")
                .contains("allowed keys: password, schema, type, url, user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres-to-postgres.yaml", "mysql-to-postgres.yaml", "mariadb-to-postgres.yaml",
        "postgres-to-mongodb.yaml", "mariadb-to-mongodb.yaml", "postgres-to-cassandra.yaml", "mariadb-to-cassandra.yaml"})
    void validateAcceptsTheShippedExampleConfigs(String example) throws Exception {
        Path log = dir.resolve("validate.log");
        Process validate = cdcSync(log, "validate", "--no-connect", "--config", CdcSyncProcess.exampleConfig(example).toString());
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(Files.readString(log)).isZero();
    }

    private static Process cdcSync(Path log, String... args) throws IOException {
        return CdcSyncProcess.start(log, Map.of("PG_PASSWORD", SECRET, "SOURCE_PG_PASSWORD", SECRET,
                "TARGET_PG_PASSWORD", SECRET, "MYSQL_PASSWORD", SECRET, "MARIADB_PASSWORD", SECRET, "CASSANDRA_PASSWORD", SECRET), args);
    }

    private static void assertSame(Connection source, Connection target) throws Exception {
        TableRows expected = TableRows.read(source, "t");
        assertThat(TableRows.read(target, "t")).isEqualTo(expected);
    }

    private static void sql(Connection c, String... statements) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
