package dev.cdcsync.connector.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.UuidRepresentation;

/**
 * The MongoDB target: one collection per target table ({@link MongoTableWriter}). Where the server has transactions
 * (a replica set or a sharded cluster), a batch and its checkpoint commit in one transaction. Where it has none (a
 * standalone server, the test stand-in), the pipeline stores the checkpoint after the batch's writes are
 * acknowledged, and every write is idempotent, so a replay after a crash converges.
 */
final class MongoWriter implements TargetWriter {

    private final MongoTargetSettings settings;
    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoSchemas schemas;
    private final MongoCheckpoints checkpoints;
    private final MongoDdl ddl;
    private final MongoTableWriter tables;
    /** Collections holding marks of key-less updates and deletes not yet covered by a stored checkpoint. */
    private final java.util.Set<String> marked = new java.util.LinkedHashSet<>();
    private boolean sweptSinceStart;
    /** Whether the server has transactions: asked once, when first needed. */
    private Boolean transactions;

    MongoWriter(MongoTargetSettings settings) {
        this.settings = settings;
        ConnectionString uri = new ConnectionString(settings.uri().value());
        this.client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(uri)
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .writeConcern(writeConcern(settings.writeConcern()))
                .applicationName("cdc-sync").build());
        this.database = client.getDatabase(settings.database());
        this.schemas = new MongoSchemas(database);
        this.checkpoints = new MongoCheckpoints(database);
        this.ddl = new MongoDdl(database, settings.keyFields());
        this.tables = new MongoTableWriter(database, settings.keyFields(), MongoValues.of(settings), marked);
    }

    private static WriteConcern writeConcern(String name) {
        return switch (name) {
            case "majority" -> WriteConcern.MAJORITY;
            case "w1" -> WriteConcern.W1;
            default -> new WriteConcern(Integer.parseInt(name));
        };
    }

    @Override
    public WriterCapabilities capabilities() {
        return new WriterCapabilities(transactions(), 1, WriterCapabilities.KeylessTables.BY_CHANGE_ID);
    }

    /** A replica set or a sharded cluster with sessions has transactions; a standalone server has none. */
    private boolean transactions() {
        if (transactions == null) {
            transactions = call("ask the server for its kind", () -> {
                database.runCommand(new Document("ping", 1));
                ClusterDescription cluster = client.getClusterDescription();
                return (cluster.getType() == ClusterType.REPLICA_SET || cluster.getType() == ClusterType.SHARDED)
                        && cluster.getLogicalSessionTimeoutMinutes() != null;
            });
        }
        return transactions;
    }

    @Override
    public Optional<TableSchema> describe(TableId table) {
        return call("describe " + table, () -> schemas.describe(table));
    }

    /** Every change has its effect on the documents ({@link MongoDdl}). */
    @Override
    public boolean supports(SchemaChange change) {
        return true;
    }

    @Override
    public void apply(SchemaChange change) {
        call(change.tag() + " " + change.table(), () -> {
            if (change.accept(ddl)) {
                marked.add(MongoNames.collection(change.table().name()));
            }
            schemas.apply(change);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        try {
            call("write " + batch.rows() + " changes", () -> {
                if (transactions()) {
                    writeInTransaction(batch);
                } else {
                    batch.tables().forEach(t -> tables.write(t, MongoSession.NONE));
                }
                return null;
            });
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The batch and its checkpoint in one transaction (the driver retries it on transient transaction errors). A batch
     * written again after its commit's answer was lost finds its checkpoint stored and writes nothing: key-less
     * updates must not apply twice.
     */
    private void writeInTransaction(WriteBatch batch) {
        try (ClientSession session = client.startSession()) {
            session.withTransaction(() -> {
                if (checkpoints.holds(session, batch.pipeline(), batch.checkpoint())) {
                    return null;
                }
                MongoSession inTransaction = new MongoSession(session);
                batch.tables().forEach(t -> tables.write(t, inTransaction));
                checkpoints.save(session, batch.pipeline(), batch.checkpoint());
                return null;
            }, TransactionOptions.builder().writeConcern(writeConcern(settings.writeConcern())).build());
        }
    }

    /**
     * After a checkpoint is stored: no replay can reach the marked changes any more. The first time after a start,
     * every collection is swept, for marks a crash left behind.
     */
    private void purgeMarks() {
        if (!sweptSinceStart) {
            database.listCollectionNames().forEach(name -> {
                if (!name.startsWith("cdc_sync_")) {
                    marked.add(name);
                }
            });
            sweptSinceStart = true;
        }
        for (String name : marked) {
            MongoCollection<Document> collection = database.getCollection(name);
            collection.deleteMany(Filters.eq(MongoTableWriter.DELETED, true));
            collection.updateMany(Filters.exists(MongoTableWriter.APPLIED),
                    new Document("$unset", new Document(MongoTableWriter.APPLIED, "")));
        }
        marked.clear();
    }

    /** The collection {@value MongoDeadLetters#COLLECTION} of the target database. */
    @Override
    public java.util.Optional<dev.cdcsync.core.spi.DeadLetterStore> deadLetters() {
        MongoDeadLetters letters = new MongoDeadLetters(database);
        return java.util.Optional.of(new dev.cdcsync.core.spi.DeadLetterStore() {
            @Override
            public void store(dev.cdcsync.core.spi.DeadLetter letter) {
                call("store a dead letter", () -> {
                    letters.store(letter);
                    return null;
                });
            }

            @Override
            public String where() {
                return "MongoDB database " + settings.database() + ", collection " + MongoDeadLetters.COLLECTION;
            }
        });
    }

    @Override
    public OffsetStore offsets() {
        return new OffsetStore() {
            @Override
            public dev.cdcsync.core.model.Checkpoint load(String pipeline) {
                return call("load checkpoint", () -> checkpoints.load(pipeline));
            }

            @Override
            public void save(String pipeline, dev.cdcsync.core.model.Checkpoint checkpoint) {
                call("save checkpoint", () -> {
                    checkpoints.save(pipeline, checkpoint);
                    purgeMarks();
                    return null;
                });
            }
        };
    }

    /** Runs a call to the server; a connection, timeout or transaction-retry failure is transient (the pipeline retries it). */
    private <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoException e) {
            if (loginRefused(e)) {
                throw new WriteException(settings.where() + ": " + what + " failed: the server refused the"
                        + " login (" + e.getMessage() + "); check the user and password in target.uri", false, e);
            }
            // A transaction's transient or unknown-commit error outlived the driver's own retries: write it again.
            boolean transientFailure = e instanceof MongoSocketException || e instanceof MongoTimeoutException
                    || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || e.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL);
            throw new WriteException("MongoDB target " + settings.database() + ": " + what + " failed: " + e.getMessage(),
                    transientFailure, e);
        }
    }

    /**
     * A refused login shows as a security exception, or, where the driver waited for a server to select, as a timeout
     * whose description of the servers names it: retrying cannot help.
     */
    static boolean loginRefused(MongoException e) {
        return e instanceof com.mongodb.MongoSecurityException
                || e instanceof MongoTimeoutException && String.valueOf(e.getMessage()).contains("MongoSecurityException");
    }

    @Override
    public void close() {
        client.close();
    }
}
