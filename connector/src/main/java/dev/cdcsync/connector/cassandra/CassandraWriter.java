package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryExecutionException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.RowRejectedException;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cassandra target: one table per target table, every write stamped with its change's version
 * ({@link CassandraTableWriter}), written asynchronously with at most {@code max-in-flight} awaiting an answer. Not
 * transactional: the pipeline stores the checkpoint after every write of the batch was acknowledged, and a replay
 * after a crash rewrites the same cells with the same timestamps. Tables without a primary key are refused.
 */
final class CassandraWriter implements TargetWriter {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraWriter.class);
    /** Batches may be written side by side: their timestamps, not their order, decide what a cell holds. */
    private static final int BATCHES_IN_FLIGHT = 4;

    private final CassandraTargetSettings settings;
    private final CqlValues values;
    private final Semaphore inFlight;
    /** How long connecting may take before it counts as unreachable (null: the driver's default). */
    private final Duration connectTimeout;
    private CqlSession session;
    /** Every write handed over so far, done or failed: a TRUNCATE waits for them (it has no timestamp). */
    private CompletableFuture<Void> handedOver = CompletableFuture.completedFuture(null);
    private CassandraCatalog catalog;
    private CassandraTableWriter tables;

    CassandraWriter(CassandraTargetSettings settings) {
        this(settings, null);
    }

    CassandraWriter(CassandraTargetSettings settings, Duration connectTimeout) {
        this.settings = settings;
        this.connectTimeout = connectTimeout;
        this.values = new CqlValues(settings.timestamps().equals("text"));
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** Connects on first use (so a target down at start is retried like any outage), creating the keyspace. */
    private synchronized CqlSession session() {
        if (session == null) {
            var builder = CqlSession.builder().withLocalDatacenter(settings.localDatacenter())
                    .withConfigLoader(DriverConfigLoader.fromString(driverConfig())).withApplicationName("cdc-sync");
            for (String point : settings.contactPoints()) {
                int colon = point.lastIndexOf(':');
                builder.addContactPoint(InetSocketAddress.createUnresolved(point.substring(0, colon),
                        Integer.parseInt(point.substring(colon + 1))));
            }
            if (settings.username() != null) {
                builder.withAuthCredentials(settings.username(), settings.password().value());
            }
            CqlSession connected = builder.build();
            connected.execute("CREATE KEYSPACE IF NOT EXISTS " + CqlNames.quote(settings.keyspace()) + " WITH replication = "
                    + replication());
            if (!settings.replication().containsKey("class") || "SimpleStrategy".equals(settings.replication().get("class"))
                    && "1".equals(settings.replication().get("replication_factor"))) {
                LOG.warn("Cassandra keyspace {}: replication {} keeps one copy of each row; set target.replication for"
                        + " production", settings.keyspace(), settings.replication());
            }
            session = connected;
            catalog = new CassandraCatalog(session, settings.keyspace());
            tables = new CassandraTableWriter(session, settings.keyspace(), values);
        }
        return session;
    }

    /** The user's driver options, then the write consistency, as the driver's own configuration text. */
    private String driverConfig() {
        StringBuilder config = new StringBuilder("datastax-java-driver {\n");
        for (Map.Entry<String, String> option : settings.driver().entrySet()) {
            config.append(option.getKey()).append(" = ").append(quoted(option.getValue())).append('\n');
        }
        config.append("basic.request.consistency = ").append(settings.consistency()).append('\n');
        if (connectTimeout != null) {
            config.append("advanced.connection.connect-timeout = ").append(connectTimeout.toMillis()).append(" milliseconds\n");
            config.append("advanced.reconnect-on-init = false\n");
        }
        return config.append("}\n").toString();
    }

    private String replication() {
        List<String> entries = new ArrayList<>();
        settings.replication().forEach((k, v) -> entries.add(quotedCql(k) + ": " + quotedCql(v)));
        return "{" + String.join(", ", entries) + "}";
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String quotedCql(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public WriterCapabilities capabilities() {
        return new WriterCapabilities(false, BATCHES_IN_FLIGHT, WriterCapabilities.KeylessTables.REFUSED);
    }

    @Override
    public Optional<TableSchema> describe(TableId table) {
        return call("describe " + table, () -> {
            session();
            return catalog.describe(table);
        });
    }

    /** Two types need no change when they are the same CQL type. */
    @Override
    public boolean sameStorage(ColumnType a, ColumnType b) {
        return values.type(a).equals(values.type(b)) && values.hasMicrosColumn(a) == values.hasMicrosColumn(b);
    }

    /** Cassandra changes no column's type and no table's key. */
    @Override
    public boolean supports(SchemaChange change) {
        return change instanceof SchemaChange.AlterColumnType alter ? sameStorage(alter.from(), alter.to())
                : !(change instanceof SchemaChange.AlterPrimaryKey);
    }

    @Override
    public void apply(SchemaChange change) {
        call(change.tag() + " " + change.table(), () -> {
            session();
            TableSchema before = catalog.describe(change.table()).orElse(null);
            for (String cql : change.accept(new CqlSchemaOps(settings.keyspace(), values))) {
                session.execute(cql);
            }
            catalog.store(change.applyTo(before));
            return null;
        });
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        try {
            return call("write " + batch.rows() + " changes", () -> {
                session();
                List<CompletableFuture<?>> writes = new ArrayList<>();
                for (TableBatch table : batch.tables()) {
                    if (table.clearsFirst()) {
                        settled(CompletableFuture.allOf(handedOver, CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))))
                                .join();
                        session.execute(tables.truncate(table));
                    }
                    for (BoundStatement statement : tables.statements(table)) {
                        writes.add(submit(statement));
                    }
                }
                CompletableFuture<Void> written = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
                handedOver = CompletableFuture.allOf(settled(handedOver), settled(written));
                return written.exceptionallyCompose(e -> CompletableFuture.failedFuture(failure("write", e)));
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes when the writes do, failed or not. */
    private static CompletableFuture<Void> settled(CompletableFuture<?> writes) {
        return writes.handle((r, e) -> null);
    }

    /** Waits while {@code max-in-flight} writes await their answer. */
    private CompletableFuture<?> submit(BoundStatement statement) {
        inFlight.acquireUninterruptibly();
        return session.executeAsync(statement).toCompletableFuture().whenComplete((r, e) -> inFlight.release());
    }

    /** The table {@value CassandraDeadLetters#TABLE} of the keyspace, created when the first letter comes. */
    @Override
    public java.util.Optional<dev.cdcsync.core.spi.DeadLetterStore> deadLetters() {
        return java.util.Optional.of(new dev.cdcsync.core.spi.DeadLetterStore() {
            private CassandraDeadLetters letters;

            @Override
            public void store(dev.cdcsync.core.spi.DeadLetter letter) {
                call("store a dead letter", () -> {
                    if (letters == null) {
                        letters = new CassandraDeadLetters(session(), settings.keyspace());
                    }
                    letters.store(letter);
                    return null;
                });
            }

            @Override
            public String where() {
                return "Cassandra keyspace " + settings.keyspace() + ", table " + CassandraDeadLetters.TABLE;
            }
        });
    }

    @Override
    public OffsetStore offsets() {
        return new OffsetStore() {
            @Override
            public dev.cdcsync.core.model.Checkpoint load(String pipeline) {
                return call("load checkpoint", () -> {
                    session();
                    return catalog.load(pipeline);
                });
            }

            @Override
            public void save(String pipeline, dev.cdcsync.core.model.Checkpoint checkpoint) {
                call("save checkpoint", () -> {
                    session();
                    catalog.save(pipeline, checkpoint);
                    return null;
                });
            }
        };
    }

    /** Removes a pipeline's checkpoint rows (validate's probe). */
    void removeCheckpoint(String pipeline) {
        call("remove checkpoint", () -> {
            session();
            catalog.remove(pipeline);
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (RowRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    /**
     * An unreachable cluster, a connection lost or reset, a timeout or too few replicas is transient (the pipeline
     * retries); the rest is not.
     */
    private RuntimeException failure(String what, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof RowRejectedException r) {
            return r;
        }
        if (CassandraLogin.refused(cause)) {
            return new WriteException(settings.where() + ": " + what + " failed: the cluster refused the login of user "
                    + settings.username() + " (" + cause.getMessage() + "); check target.username and target.password",
                    false, cause);
        }
        boolean transientFailure = cause instanceof AllNodesFailedException || cause instanceof NoNodeAvailableException
                || cause instanceof DriverTimeoutException || cause instanceof WriteTimeoutException
                || cause instanceof UnavailableException || cause instanceof QueryExecutionException
                || cause instanceof ClosedConnectionException || cause instanceof HeartbeatException
                || cause instanceof BusyConnectionException || cause instanceof ConnectionInitException;
        String message = cause instanceof DriverException ? cause.getMessage() : String.valueOf(cause);
        return new WriteException(settings.where() + ": " + what + " failed: " + message, transientFailure, cause);
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
        }
    }
}
