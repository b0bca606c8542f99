package dev.cdcsync.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.daemon.Daemon;
import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.PipelineStats;
import dev.cdcsync.core.schema.EvolutionMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL -> PostgreSQL pipeline under test: its own source and target databases on a real
 * server, the daemon running in this JVM, and row-by-row comparison of source and target tables.
 */
public final class PostgresPipeline implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PostgresServer server;
    private final String name;
    private final String sourceDb;
    private final String targetDb;
    private final Connection source;
    private final Connection target;
    private Daemon daemon;

    private PostgresPipeline(PostgresServer server, String name) throws SQLException {
        this.server = server;
        this.name = name;
        this.sourceDb = server.createDatabase("src");
        this.targetDb = server.createDatabase("dst");
        this.source = server.connect(sourceDb);
        this.target = server.connect(targetDb);
        server.dropSlot(slot());
    }

    private static final java.util.concurrent.atomic.AtomicInteger PIPELINES = new java.util.concurrent.atomic.AtomicInteger();

    /** @param label a readable label, e.g. the test name; shortened to fit a pipeline (and slot) name */
    public static PostgresPipeline create(PostgresServer server, String label) throws SQLException {
        String name = label.substring(0, Math.min(label.length(), 30)) + "_" + PIPELINES.incrementAndGet();
        return new PostgresPipeline(server, name);
    }

    public String slot() {
        return "cdc_sync_" + name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    public Connection source() {
        return source;
    }

    public Connection target() {
        return target;
    }

    public void sourceSql(String... statements) throws SQLException {
        try (Statement st = source.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    public PipelineConfig config(List<String> tables, EvolutionMode mode) {
        var src = new PostgresSourceSettings("localhost", server.port(), sourceDb, "postgres", new Secret(""),
                tables, "initial", null, null, Map.of());
        var dst = new PostgresTargetSettings(server.jdbcUrl(targetDb), "postgres", new Secret(""), "public");
        return new PipelineConfig(name, src, dst, List.of(), mode, null, BatchConfig.DEFAULT, ErrorsConfig.DEFAULT);
    }

    /** Starts the daemon and waits until the connector runs (the slot exists: later writes are captured). */
    public void start(String... tables) throws InterruptedException {
        start(config(List.of(tables), EvolutionMode.LENIENT));
    }

    public void start(PipelineConfig config) throws InterruptedException {
        daemon = new Daemon(new SyncConfig(List.of(config)));
        daemon.start();
        assertThat(daemon.sources().get(0).awaitStarted(60, TimeUnit.SECONDS)).as("connector started").isTrue();
    }

    public PipelineStats stats() {
        return daemon.pipeline(name).stats();
    }

    /** Stops the daemon as SIGTERM would: the batch in flight is written and checkpointed. */
    public void stop() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    /** Waits until the target table equals the source table, row by row and column by column. */
    public void awaitSame(String sourceTable, String targetTable) throws Exception {
        Await.until(TIMEOUT, () -> {
            assertRunning();
            assertSame(sourceTable, targetTable);
        });
    }

    /** Fails at once, with the pipeline's own error, when the pipeline has stopped. */
    public void assertRunning() {
        var stopped = daemon.anyStopped();
        if (stopped.isDone()) {
            try {
                stopped.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new PipelineStoppedError(e.getCause());
            }
            throw new PipelineStoppedError(null);
        }
    }

    /** Not an AssertionError subtype that {@link Await} would retry. */
    public static final class PipelineStoppedError extends Error {
        PipelineStoppedError(Throwable cause) {
            super("the pipeline stopped" + (cause == null ? "" : ": " + cause), cause);
        }
    }

    /** Same table name on both sides ({@code public} schema), given unquoted. */
    public void awaitSame(String table) throws Exception {
        awaitSame(quote(table), quote(table));
    }

    public void assertSame(String sourceTable, String targetTable) throws SQLException {
        TableRows expected = TableRows.read(source, sourceTable);
        TableRows actual = TableRows.read(target, targetTable);
        assertThat(actual.columns()).as("columns of %s", targetTable).isEqualTo(expected.columns());
        assertThat(actual.rows()).as("rows of %s", targetTable).isEqualTo(expected.rows());
    }

    public TableRows targetRows(String table) throws SQLException {
        return TableRows.read(target, quote(table));
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws SQLException {
        stop();
        source.close();
        target.close();
        server.dropSlot(slot());
    }
}
