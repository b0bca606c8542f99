package dev.cdcsync.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.daemon.Daemon;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.config.SourceSettings;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.PipelineStats;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.schema.EvolutionMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pipeline under test: a source database of its own on a real server, a target database of its own ({@link
 * SyncTarget}: PostgreSQL unless the test names another), the daemon running in this JVM, and row-by-row comparison
 * of source and target tables. One subclass per source type supplies the source's settings and SQL dialect.
 */
public abstract class SyncFixture implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger PIPELINES = new AtomicInteger();

    protected final String name;
    private final SyncTarget targetSide;
    private final Connection source;
    private Daemon daemon;

    protected SyncFixture(String label, Connection source, SyncTarget.Opener target) throws Exception {
        this.name = label.substring(0, Math.min(label.length(), 30)) + "_" + PIPELINES.incrementAndGet();
        this.source = source;
        this.targetSide = target.open(name);
    }
    /** The source section of the pipeline for these tables (names as {@link #qualify} gives them). */
    protected abstract SourceSettings sourceSettings(List<String> tables);

    /** The source's {@code snapshot} mode for the next {@link #start}. */
    protected String snapshot = "initial";

    public void snapshot(String mode) {
        snapshot = mode;
    }

    /** Removes, at the source, the log the pipeline's checkpoint resumes from (drops the slot, purges the binlogs). */
    public abstract void loseSourceLog() throws SQLException;

    /** A table name as it appears in {@code source.tables}: {@code schema.table} or {@code database.table}. */
    public abstract String qualify(String table);

    /** An identifier quoted for the source's SQL. */
    public abstract String quoteSource(String identifier);

    public String name() {
        return name;
    }

    public Connection source() {
        return source;
    }

    /** Makes UPDATEs and DELETEs of a key-less table carry the whole old row (PostgreSQL: REPLICA IDENTITY FULL). */
    public abstract void prepareKeyless(String table) throws SQLException;

    /** Updates exactly one of possibly several equal rows. */
    public abstract void updateOneRow(String table, String set, String where) throws SQLException;

    /** Changes a column's type at the source. */
    public abstract void alterColumnType(String table, String column, String type) throws SQLException;

    /** Replaces the table's primary key at the source with one on {@code column}. */
    public abstract void replacePrimaryKey(String table, String column) throws SQLException;

    public SyncTarget targetSide() {
        return targetSide;
    }

    /** The PostgreSQL target, for tests of what only it has. */
    public PostgresSyncTarget postgresTarget() {
        if (targetSide instanceof PostgresSyncTarget pg) {
            return pg;
        }
        throw new IllegalStateException("this pipeline's target is not PostgreSQL: " + targetSide.getClass().getSimpleName());
    }

    /** A connection to the PostgreSQL target. */
    public Connection target() {
        return postgresTarget().connection();
    }

    /** A second connection to the PostgreSQL target, for a concurrent reader. */
    public Connection connectTarget() throws SQLException {
        return postgresTarget().connect();
    }

    public void sourceSql(String... statements) throws SQLException {
        try (Statement st = source.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** @param tables unqualified source table names */
    public PipelineConfig config(List<String> tables, EvolutionMode mode) {
        return config(tables, mode, targetSide.settings());
    }

    /** The same, writing to the PostgreSQL target as {@code targetUser} (trusted, no password). */
    public PipelineConfig config(List<String> tables, EvolutionMode mode, String targetUser) {
        return config(tables, mode, postgresTarget().settings(targetUser));
    }

    /**
     * The same, reaching the target through a relay on {@code port} (a {@link TcpProxy}, for network faults). No
     * server-prepared statements, so that the relay sees each statement's text (COMMIT included).
     */
    public PipelineConfig configThrough(int port, List<String> tables) {
        return config(tables, EvolutionMode.LENIENT, postgresTarget().settingsThrough(port));
    }

    /** The pipeline for these tables with a route keying {@code table} by {@code key}, partitioned by {@code partitionKey}. */
    public PipelineConfig keyedByRoute(List<String> tables, String table, List<String> key, List<String> partitionKey) {
        PipelineConfig c = config(tables, EvolutionMode.LENIENT);
        return new PipelineConfig(c.name(), c.source(), c.target(), List.of(new Route(qualify(table), null, key, partitionKey)),
                c.schemaEvolution(), c.deletes(), c.batch(), c.errors());
    }

    private PipelineConfig config(List<String> tables, EvolutionMode mode, TargetSettings dst) {
        return new PipelineConfig(name, sourceSettings(tables.stream().map(this::qualify).toList()), dst, List.of(), mode,
                null, BatchConfig.DEFAULT, ErrorsConfig.DEFAULT);
    }

    /** Starts the daemon on these (unqualified) tables and waits until the connector runs. */
    public void start(String... tables) throws InterruptedException {
        start(config(Arrays.asList(tables), EvolutionMode.LENIENT));
    }

    public void start(PipelineConfig config) throws InterruptedException {
        daemon = new Daemon(new SyncConfig(List.of(config)));
        daemon.start();
        assertThat(daemon.sources().get(0).awaitStarted(60, TimeUnit.SECONDS)).as("connector started").isTrue();
    }

    public PipelineStats stats() {
        return daemon.pipeline(name).stats();
    }

    /** The checkpoint the running pipeline knows the target holds. */
    public dev.cdcsync.core.model.Checkpoint durableCheckpoint() {
        return daemon.pipeline(name).offsets().checkpoint();
    }

    /** Stops the daemon as SIGTERM would: the batch in flight is written and checkpointed. */
    public void stop() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    /** Waits until the target table equals the source table (same name), row by row and column by column. */
    public void awaitSame(String table) throws Exception {
        awaitSame(quoteSource(table), table);
    }

    /** @param sourceQuery a quoted source table, or a subquery with an alias; @param targetTable unquoted */
    public void awaitSame(String sourceQuery, String targetTable) throws Exception {
        Await.until(TIMEOUT, () -> {
            assertRunning();
            assertSame(sourceQuery, targetTable);
        });
    }

    public void assertSame(String sourceQuery, String targetTable) throws Exception {
        TableRows expected = TableRows.read(source, sourceQuery);
        TableRows actual = targetSide.rows(targetTable, expected.columns());
        assertThat(actual.columns()).as("columns of %s", targetTable).isEqualTo(expected.columns());
        assertThat(actual.rows()).as("rows of %s", targetTable).isEqualTo(expected.rows());
    }

    public TableRows targetRows(String table) throws Exception {
        return targetSide.rows(table, List.of());
    }

    /** Fails at once, with the pipeline's own error, when the pipeline has stopped. */
    public void assertRunning() {
        var stopped = daemon.anyStopped();
        if (stopped.isDone()) {
            try {
                stopped.join();
            } catch (CompletionException e) {
                throw new PipelineStoppedError(e.getCause());
            }
            throw new PipelineStoppedError(null);
        }
    }

    /** An Error, not an AssertionError, so that {@link Await} does not retry it. */
    public static final class PipelineStoppedError extends Error {
        PipelineStoppedError(Throwable cause) {
            super("the pipeline stopped" + (cause == null ? "" : ": " + cause), cause);
        }
    }

    public static String quotePostgres(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws Exception {
        stop();
        source.close();
        targetSide.close();
    }
}
