package dev.cdcsync.connector.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.RowRejectedException;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.UuidRepresentation;

/**
 * The MongoDB target: one collection per target table, one unordered {@code bulkWrite} per table and batch (its keys
 * are distinct), then the key-less changes in source order. Not transactional: the pipeline stores the checkpoint
 * after the batch's writes are acknowledged, and every write is idempotent, so a replay after a crash converges.
 */
final class MongoWriter implements TargetWriter {

    private final MongoTargetSettings settings;
    private final MongoClient client;
    private final MongoDatabase database;
    private final MongoSchemas schemas;
    private final MongoCheckpoints checkpoints;
    private final MongoDdl ddl;
    /** Collections holding marks of key-less updates and deletes not yet covered by a stored checkpoint. */
    private final java.util.Set<String> marked = new java.util.LinkedHashSet<>();
    private boolean sweptSinceStart;

    private static final int DUPLICATE_KEY = 11000;

    /** On a key-less document: the key-less updates and deletes it got since the last stored checkpoint. */
    static final String APPLIED = "__cdc_sync_applied";
    /** On a key-less document: deleted, kept until the checkpoint covering the delete is stored. */
    static final String DELETED = "__cdc_sync_deleted";

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
        return new WriterCapabilities(false, 1, WriterCapabilities.KeylessTables.BY_CHANGE_ID);
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
                batch.tables().forEach(this::write);
                return null;
            });
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void write(TableBatch batch) {
        MongoCollection<Document> collection = database.getCollection(MongoNames.collection(batch.schema().id().name()));
        MongoDocuments documents = new MongoDocuments(batch.schema(), settings.keyFields());
        if (batch.clearsFirst()) {
            collection.deleteMany(new Document());
        }
        List<WriteModel<Document>> models = new ArrayList<>(batch.deletes().size() + batch.upserts().size());
        List<DataChange> changes = new ArrayList<>(models.size());
        for (DataChange delete : batch.deletes()) {
            models.add(new DeleteOneModel<>(Filters.eq("_id", documents.id(delete.before()))));
            changes.add(delete);
        }
        for (DataChange upsert : batch.upserts()) {
            models.add(upsert(collection, documents, upsert)); // reads a moved row's old document before deletes run
            changes.add(upsert);
        }
        bulkWrite(collection, models, changes);
        for (DataChange change : batch.unkeyed()) {
            keyless(collection, documents, change);
        }
    }

    /**
     * One unordered bulk write (the batch's keys are distinct). An insert that finds its document there already (a
     * replay, or a row the target had before) replaces it instead, in a second round.
     */
    private static void bulkWrite(MongoCollection<Document> collection, List<WriteModel<Document>> models,
                                  List<DataChange> changes) {
        if (models.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            List<WriteModel<Document>> replaces = new ArrayList<>();
            List<DataChange> replaced = new ArrayList<>();
            for (var error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY || !(models.get(error.getIndex()) instanceof InsertOneModel<Document> insert)) {
                    throw new RowRejectedException(changes.get(error.getIndex()), error.getMessage(), e);
                }
                Document document = insert.getDocument();
                replaces.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document,
                        new ReplaceOptions().upsert(true)));
                replaced.add(changes.get(error.getIndex()));
            }
            bulkWrite(collection, replaces, replaced);
        }
    }

    /**
     * A full row replaces its document, or, when it is an insert, is inserted (cheaper: no match to look for); a row
     * without some columns (unchanged TOAST values) sets only its fields.
     */
    private WriteModel<Document> upsert(MongoCollection<Document> collection, MongoDocuments documents, DataChange change) {
        Object id = documents.id(change.after());
        Document fields = documents.fields(change.after());
        boolean inserted = change.op() == DataChange.Op.INSERT || change.op() == DataChange.Op.READ;
        if (inserted && change.movedFrom() == null && documents.complete(change.after())) {
            Document document = new Document("_id", id);
            document.putAll(fields);
            return new InsertOneModel<>(document);
        }
        if (change.movedFrom() != null && !documents.complete(change.after())) {
            Document old = collection.find(Filters.eq("_id", documents.id(change.movedFrom()))).first();
            if (old == null) {
                throw new RowRejectedException(change, "the row moved from key " + change.movedFrom() + ", and the source"
                        + " did not resend some of its columns, but the target has no document for the old key to take"
                        + " them from", null);
            }
            old.remove("_id");
            old.putAll(fields);
            return new ReplaceOneModel<>(Filters.eq("_id", id), old, new ReplaceOptions().upsert(true));
        }
        if (documents.complete(change.after())) {
            return new ReplaceOneModel<>(Filters.eq("_id", id), fields, new ReplaceOptions().upsert(true));
        }
        return new UpdateOneModel<>(Filters.eq("_id", id), new Document("$set", fields), new UpdateOptions().upsert(true));
    }

    /**
     * Key-less rows, exactly once under replays without transactions. An insert creates its document under the change's
     * stable id, or leaves it alone if it exists. An update or a delete first looks for its own mark: a document that
     * lists the change in {@value #APPLIED} got it already (a replay). Otherwise it changes one live document with all
     * the old values (which twin does not matter: they are equal) and marks it; a delete only flags it
     * {@value #DELETED}. Marks and flagged documents are purged once the checkpoint covering them is stored
     * ({@link #purgeMarks}), so until then a reader can see them.
     */
    private void keyless(MongoCollection<Document> collection, MongoDocuments documents, DataChange change) {
        switch (change.op()) {
            case READ, INSERT -> collection.updateOne(Filters.eq("_id", MongoDocuments.id(change)),
                    new Document("$setOnInsert", documents.fields(change.after())), new UpdateOptions().upsert(true));
            case UPDATE, DELETE -> {
                if (change.before() == null) {
                    throw new RowRejectedException(change, "an " + change.op() + " of a table without a primary key carries"
                            + " no old row to find the document by (at a PostgreSQL source: ALTER TABLE .. REPLICA"
                            + " IDENTITY FULL)", null);
                }
                if (collection.find(Filters.eq(APPLIED, change.id())).first() != null) {
                    return; // applied before this replay
                }
                Document match = documents.matching(change.before()).append(DELETED, new Document("$ne", true));
                Document set = change.op() == DataChange.Op.DELETE ? new Document(DELETED, true)
                        : documents.fields(change.after());
                collection.updateOne(match, new Document("$set", set).append("$push", new Document(APPLIED, change.id())));
                marked.add(collection.getNamespace().getCollectionName());
            }
            case TRUNCATE -> throw new IllegalStateException("a truncate arrives as the batch's clearing");
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
            collection.deleteMany(Filters.eq(DELETED, true));
            collection.updateMany(Filters.exists(APPLIED), new Document("$unset", new Document(APPLIED, "")));
        }
        marked.clear();
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

    /** Runs a call to the server; a connection or timeout failure is transient (the pipeline retries it). */
    private <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoSocketException | MongoTimeoutException e) {
            throw new WriteException("MongoDB target " + settings.database() + ": " + what + " failed: " + e.getMessage(), true, e);
        } catch (MongoException e) {
            throw new WriteException("MongoDB target " + settings.database() + ": " + what + " failed: " + e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
