package dev.cdcsync.connector.mongodb;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.cdcsync.core.model.SchemaChange.AlterPrimaryKey;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * A source table's primary key changed: every document's {@code _id} follows it. An {@code _id} cannot be changed in
 * place, so the documents are copied under their new {@code _id} into a scratch collection that then replaces the
 * table's collection in one rename. A crash before the rename leaves the collection as it was (the scratch copy is
 * dropped when the change is applied again); the stored schema changes only afterwards.
 *
 * <p>A table that loses its key keeps its documents: key-less rows are found by their values, and new ones get the
 * change's stable id.
 */
final class MongoRekey {

    private static final int BATCH = 1_000;

    private final MongoDatabase database;
    private final boolean keyFields;

    MongoRekey(MongoDatabase database, boolean keyFields) {
        this.database = database;
        this.keyFields = keyFields;
    }

    /** @return whether documents were rewritten (their key-less replay marks, kept, need a purge) */
    boolean apply(AlterPrimaryKey change) {
        if (change.to().isEmpty()) {
            return false;
        }
        String name = MongoNames.collection(change.table().name());
        MongoCollection<Document> collection = database.getCollection(name);
        MongoCollection<Document> scratch = database.getCollection("cdc_sync_rekey_" + name);
        scratch.drop();
        List<WriteModel<Document>> writes = new ArrayList<>(BATCH);
        try (MongoCursor<Document> documents = collection.find(Filters.ne(MongoTableWriter.DELETED, true)).iterator()) {
            while (documents.hasNext()) {
                Document next = rekeyed(documents.next(), change);
                // Upserts, not inserts: documents equal in the new key (key-less twins) become one.
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", next.get("_id")), next, new ReplaceOptions().upsert(true)));
                if (writes.size() == BATCH) {
                    scratch.bulkWrite(writes);
                    writes.clear();
                }
            }
        }
        if (!writes.isEmpty()) {
            scratch.bulkWrite(writes);
        }
        if (scratch.countDocuments() == 0) {
            collection.deleteMany(new Document());
            scratch.drop();
            return true;
        }
        scratch.renameCollection(new MongoNamespace(database.getName(), name), new RenameCollectionOptions().dropTarget(true));
        return true;
    }

    /** The document under the new key's {@code _id}, with the old key's columns as fields if only {@code _id} held them. */
    private Document rekeyed(Document document, AlterPrimaryKey change) {
        Document fields = new Document();
        Object oldId = document.get("_id");
        if (!keyFields && !change.from().isEmpty()) {
            if (change.from().size() == 1) {
                fields.append(MongoNames.field(change.from().get(0)), oldId);
            } else {
                fields.putAll((Document) oldId);
            }
        }
        document.forEach((field, value) -> {
            if (!field.equals("_id")) {
                fields.append(field, value);
            }
        });
        Object id;
        if (change.to().size() == 1) {
            id = fields.get(MongoNames.field(change.to().get(0)));
        } else {
            Document composite = new Document();
            change.to().forEach(k -> composite.append(MongoNames.field(k), fields.get(MongoNames.field(k))));
            id = composite;
        }
        Document next = new Document("_id", id);
        fields.forEach((field, value) -> {
            if (keyFields || change.to().stream().map(MongoNames::field).noneMatch(field::equals)) {
                next.append(field, value);
            }
        });
        return next;
    }
}
