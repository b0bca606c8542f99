package dev.cdcsync.connector.mongodb;

import com.mongodb.MongoBulkWriteException;
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
import dev.cdcsync.core.spi.RowRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Writes one table's part of a batch into its collection: the truncate or snapshot start, then one unordered
 * {@code bulkWrite} (the batch's keys are distinct), then the key-less changes in source order. Every write is
 * idempotent, so a batch replayed after a crash converges.
 */
final class MongoTableWriter {

    /** On a key-less document: the key-less updates and deletes it got since the last stored checkpoint. */
    static final String APPLIED = "__cdc_sync_applied";
    /** On a key-less document: deleted, kept until the checkpoint covering the delete is stored. */
    static final String DELETED = "__cdc_sync_deleted";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final boolean keyFields;
    private final MongoValues values;
    /** Collections given key-less marks not yet covered by a stored checkpoint (shared with the purge). */
    private final Set<String> marked;

    MongoTableWriter(MongoDatabase database, boolean keyFields, MongoValues values, Set<String> marked) {
        this.database = database;
        this.keyFields = keyFields;
        this.values = values;
        this.marked = marked;
    }

    void write(TableBatch batch, MongoSession session) {
        MongoCollection<Document> collection = database.getCollection(MongoNames.collection(batch.schema().id().name()));
        MongoDocuments documents = new MongoDocuments(batch.schema(), keyFields, values);
        if (batch.clearsFirst()) {
            session.deleteAll(collection);
        }
        List<WriteModel<Document>> models = new ArrayList<>(batch.deletes().size() + batch.upserts().size());
        List<DataChange> changes = new ArrayList<>(models.size());
        for (DataChange delete : batch.deletes()) {
            models.add(new DeleteOneModel<>(Filters.eq("_id", documents.id(delete.before()))));
            changes.add(delete);
        }
        for (DataChange upsert : batch.upserts()) {
            models.add(upsert(collection, documents, upsert, session)); // reads a moved row's old document before deletes run
            changes.add(upsert);
        }
        bulkWrite(collection, models, changes, session);
        for (DataChange change : batch.unkeyed()) {
            keyless(collection, documents, change, session);
        }
    }

    /**
     * One unordered bulk write. An insert that finds its document there already (a replay, or a row the target had
     * before) replaces it instead, in a second round.
     */
    private static void bulkWrite(MongoCollection<Document> collection, List<WriteModel<Document>> models,
                                  List<DataChange> changes, MongoSession session) {
        if (models.isEmpty()) {
            return;
        }
        try {
            session.bulkWrite(collection, models, new BulkWriteOptions().ordered(false));
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
            bulkWrite(collection, replaces, replaced, session);
        }
    }

    /**
     * A full row replaces its document or, when it is an insert, is inserted (cheaper: no match to look for; not in a
     * transaction, which a duplicate key would abort); a row without some columns (unchanged TOAST values) sets only
     * its fields.
     */
    private static WriteModel<Document> upsert(MongoCollection<Document> collection, MongoDocuments documents,
                                               DataChange change, MongoSession session) {
        Object id = documents.id(change.after());
        Document fields = documents.fields(change.after());
        boolean inserted = change.op() == DataChange.Op.INSERT || change.op() == DataChange.Op.READ;
        if (inserted && !session.transactional() && change.movedFrom() == null && documents.complete(change.after())) {
            Document document = new Document("_id", id);
            document.putAll(fields);
            return new InsertOneModel<>(document);
        }
        if (change.movedFrom() != null && !documents.complete(change.after())) {
            Document old = session.first(collection, Filters.eq("_id", documents.id(change.movedFrom())));
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
     * Key-less rows. An insert creates its document under the change's stable id, or leaves it alone if it exists. An
     * update or a delete changes one live document with all the old values (which twin does not matter: they are
     * equal). In a transaction that is all (the checkpoint commits with it). Without one, the change must be exactly
     * once under replays: it first looks for its own mark (a document that lists it in {@value #APPLIED} got it
     * already), marks the document it changes, and a delete only flags it {@value #DELETED}. Marks and flagged
     * documents are purged once the checkpoint covering them is stored, so until then a reader can see them.
     */
    private void keyless(MongoCollection<Document> collection, MongoDocuments documents, DataChange change,
                         MongoSession session) {
        switch (change.op()) {
            case READ, INSERT -> session.updateOne(collection, Filters.eq("_id", MongoDocuments.id(change)),
                    new Document("$setOnInsert", documents.fields(change.after())), new UpdateOptions().upsert(true));
            case UPDATE, DELETE -> {
                if (change.before() == null) {
                    throw new RowRejectedException(change, "an " + change.op() + " of a table without a primary key carries"
                            + " no old row to find the document by (at a PostgreSQL source: ALTER TABLE .. REPLICA"
                            + " IDENTITY FULL)", null);
                }
                Document match = documents.matching(change.before());
                if (session.transactional()) {
                    if (change.op() == DataChange.Op.DELETE) {
                        session.deleteOne(collection, match);
                    } else {
                        session.updateOne(collection, match, new Document("$set", documents.fields(change.after())),
                                new UpdateOptions());
                    }
                    return;
                }
                if (session.first(collection, Filters.eq(APPLIED, change.id())) != null) {
                    return; // applied before this replay
                }
                Document set = change.op() == DataChange.Op.DELETE ? new Document(DELETED, true)
                        : documents.fields(change.after());
                session.updateOne(collection, match.append(DELETED, new Document("$ne", true)),
                        new Document("$set", set).append("$push", new Document(APPLIED, change.id())), new UpdateOptions());
                marked.add(collection.getNamespace().getCollectionName());
            }
            case TRUNCATE -> throw new IllegalStateException("a truncate arrives as the batch's clearing");
        }
    }
}
