package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.DeadLetter;
import dev.cdcsync.core.spi.DeadLetterStore;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.RowRejectedException;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL target. Each {@link #write} is one transaction holding the batch's rows and its
 * checkpoint, run on the writer's own thread ({@link PgWriterThread}) while the pipeline prepares the next batch;
 * every use of the connection goes through that thread. Connection failures are reported as transient (the pipeline retries and this writer
 * reconnects); a row PostgreSQL refuses is found by replaying the batch row by row in a transaction
 * that is rolled back, and reported with its table, key and position.
 */
final class PostgresWriter implements TargetWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWriter.class);

    private final PostgresTargetSettings settings;
    private final PgSchemaOps schemaOps;
    private final PgChangeWriter changes;
    private final PgCheckpoints checkpoints;
    private final PgCommits commits = new PgCommits();
    private final PgDeadLetters deadLetters;
    private final PgDeferredKeys deferredKeys;
    private boolean deadLetterTableReady;
    private final PgWriterThread thread = new PgWriterThread("cdc-sync-postgres-writer");
    /** Used on {@link #thread} only. */
    private Connection connection;

    PostgresWriter(PostgresTargetSettings settings, String pipeline) {
        this.settings = settings;
        this.schemaOps = new PgSchemaOps(settings.schema());
        this.changes = new PgChangeWriter(settings.schema());
        this.checkpoints = new PgCheckpoints(settings.schema());
        this.deadLetters = new PgDeadLetters(settings.schema());
        this.deferredKeys = new PgDeferredKeys(settings.schema(), pipeline);
        try {
            thread.call(() -> inSchemaTransaction("prepare target schema", c -> {
                createSchemaIfMissing(c);
                checkpoints.createIfMissing(c);
                deferredKeys.load(c);
                return null;
            }));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Only when missing: CREATE SCHEMA needs a database privilege a least-privileged user need not have. */
    private void createSchemaIfMissing(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, settings.schema());
            try (var rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + PgIdentifiers.quote(settings.schema()));
        }
    }

    /** The {@value PgDeadLetters#TABLE} table, created when the first letter comes; each letter commits on its own. */
    @Override
    public Optional<DeadLetterStore> deadLetters() {
        return Optional.of(new DeadLetterStore() {
            @Override
            public void store(DeadLetter letter) {
                thread.call(() -> {
                    if (!deadLetterTableReady) {
                        inSchemaTransaction("create " + PgDeadLetters.TABLE, c -> {
                            deadLetters.createIfMissing(c);
                            return null;
                        });
                        deadLetterTableReady = true;
                    }
                    return inTransaction("store a dead letter", c -> {
                        deadLetters.store(c, letter);
                        return null;
                    });
                });
            }

            @Override
            public String where() {
                return settings.where() + ", table " + deadLetters.qualified();
            }
        });
    }

    @Override
    public Optional<TableSchema> describe(TableId table) {
        return thread.call(() -> inTransaction("describe " + table, c -> schemaOps.describe(c, table)))
                .map(deferredKeys::describe);
    }

    @Override
    public boolean sameStorage(ColumnType a, ColumnType b) {
        return PgTypes.toPg(a).equals(PgTypes.toPg(b));
    }

    @Override
    public void apply(SchemaChange change) {
        thread.call(() -> inSchemaTransaction(change.tag() + " " + change.table(), c -> {
            deferredKeys.restoreBeforeChange(c, PgIdentifiers.table(settings.schema(), change.table()));
            try (Statement st = c.createStatement()) {
                for (String ddl : schemaOps.ddl(c, change)) {
                    st.execute(ddl);
                }
            }
            changes.tableChanged(c, change.table());
            return null;
        }));
    }

    /** Two batches in flight: one commits while the pipeline fills the next; the thread writes them in order. */
    @Override
    public WriterCapabilities capabilities() {
        return new WriterCapabilities(true, 2, WriterCapabilities.KeylessTables.MATCHED_IN_TRANSACTION);
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        return thread.write(batch.oldestUnsettled(), () -> writeInTransaction(batch));
    }

    private void writeInTransaction(WriteBatch batch) {
        try {
            Connection c = connection();
            if (commits.landedEarlier(c, batch)) {
                return;
            }
            if (deferredKeys.needsTable(batch)) {
                inSchemaTransaction("create " + PgDeferredKeys.TABLE, k -> {
                    deferredKeys.createTable(k);
                    return null;
                });
            }
            try {
                deferredKeys.settle(c, batch);
                for (TableBatch table : batch.tables()) {
                    changes.write(c, table);
                }
                checkpoints.save(c, batch.pipeline(), batch.checkpoint());
                commits.commit(c, batch);
                deferredKeys.committed();
                changes.committed();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw classify("write " + batch.rows() + " changes", e, batch);
        }
    }

    @Override
    public OffsetStore offsets() {
        return new OffsetStore() {
            @Override
            public Checkpoint load(String pipeline) {
                return thread.call(() -> inTransaction("load checkpoint", c -> checkpoints.load(c, pipeline)));
            }

            @Override
            public void save(String pipeline, Checkpoint checkpoint) {
                thread.call(() -> inTransaction("save checkpoint", c -> {
                    checkpoints.save(c, pipeline, checkpoint);
                    return null;
                }));
            }
        };
    }

    @Override
    public void close() {
        thread.call(() -> {
            closeQuietly();
            return null;
        });
        thread.close();
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Any number that no other application on the target uses for an advisory lock: "cdcsync" in ASCII. */
    private static final long SCHEMA_LOCK = 0x63646373796e63L;

    /**
     * DDL, one writer at a time across every cdc-sync writer on the database: several Kafka Connect tasks (or
     * pipelines) may create the same table at once, and PostgreSQL's {@code IF NOT EXISTS} does not guard against a
     * concurrent creation (it fails on the catalog's unique index). The lock is held to the commit; what to change is
     * decided after it is taken, so the second writer finds the first one's work done.
     */
    private <T> T inSchemaTransaction(String what, SqlWork<T> work) {
        return inTransaction(what, c -> {
            try (var ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, SCHEMA_LOCK);
                ps.execute();
            }
            return work.run(c);
        });
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        try {
            Connection c = connection();
            try {
                T result = work.run(c);
                c.commit();
                deferredKeys.committed();
                changes.committed();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw classify(what, e, null);
        }
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        Properties props = settings.login();
        // Values are bound as text and parsed by PostgreSQL into each column's own type.
        props.setProperty("stringtype", "unspecified");
        props.setProperty("ApplicationName", "cdc-sync");
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(settings.url(), props);
        c.setAutoCommit(false);
        connection = c;
        return c;
    }

    private WriteException classify(String what, SQLException e, WriteBatch batch) {
        String state = PgErrors.state(e);
        // A connection lost mid-work is worth another try; one that never opened is, only for a transient cause.
        if (PgErrors.isTransient(e) || (connection != null && isClosed())) {
            closeQuietly();
            return new WriteException("PostgreSQL target: " + what + " failed (" + state + "): " + e.getMessage(), true, e);
        }
        Optional<String> problem = PgErrors.targetProblem(e, settings.user(), settings.where());
        if (problem.isPresent()) {
            return new WriteException("PostgreSQL target: " + what + " failed: " + problem.get(), false, e);
        }
        if (batch != null) {
            Optional<RowRejectedException> culprit = findRejectedRow(batch);
            if (culprit.isPresent()) {
                return culprit.get();
            }
        }
        return new WriteException("PostgreSQL target: " + what + " failed (" + state + "): " + e.getMessage(), false, e);
    }

    /** Replays the batch one change at a time, then rolls back: only to name the row PostgreSQL refuses. */
    private Optional<RowRejectedException> findRejectedRow(WriteBatch batch) {
        try {
            Connection c = connection();
            try {
                deferredKeys.restoreAll(c); // row by row goes through the staged merge, which needs the keys
                for (TableBatch table : batch.tables()) {
                    for (DataChange change : concat(table.deletes(), table.upserts(), table.unkeyed())) {
                        try {
                            changes.write(c, single(table, change));
                        } catch (SQLException e) {
                            return Optional.of(new RowRejectedException(change, e.getMessage(), e));
                        }
                    }
                }
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            LOG.debug("could not replay the batch to find the refused row", e);
        }
        return Optional.empty();
    }

    private static TableBatch single(TableBatch table, DataChange change) {
        boolean delete = change.op() == DataChange.Op.DELETE && change.key() != null;
        boolean upsert = change.op().isUpsert() && change.key() != null;
        return new TableBatch(table.schema(), TableBatch.Clearing.NONE, delete ? List.of(change) : List.of(),
                upsert ? List.of(change) : List.of(), change.key() == null ? List.of(change) : List.of());
    }

    @SafeVarargs
    private static List<DataChange> concat(List<DataChange>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private boolean isClosed() {
        try {
            return connection == null || connection.isClosed() || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    private void rollbackQuietly(Connection c) {
        deferredKeys.rolledBack();
        changes.rolledBack();
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("close failed", e);
            }
            connection = null;
        }
    }
}
