package dev.cdcsync.connector.mongodb;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The collection calls of one batch: inside the batch's transaction when the server has transactions (a replica set
 * or a sharded cluster), each acknowledged on its own otherwise.
 *
 * @param session the batch's transaction, or null
 */
record MongoSession(ClientSession session) {

    static final MongoSession NONE = new MongoSession(null);

    boolean transactional() {
        return session != null;
    }

    void bulkWrite(MongoCollection<Document> collection, List<? extends WriteModel<Document>> models, BulkWriteOptions options) {
        if (session == null) {
            collection.bulkWrite(models, options);
        } else {
            collection.bulkWrite(session, models, options);
        }
    }

    void deleteAll(MongoCollection<Document> collection) {
        if (session == null) {
            collection.deleteMany(new Document());
        } else {
            collection.deleteMany(session, new Document());
        }
    }

    void deleteOne(MongoCollection<Document> collection, Bson filter) {
        if (session == null) {
            collection.deleteOne(filter);
        } else {
            collection.deleteOne(session, filter);
        }
    }

    Document first(MongoCollection<Document> collection, Bson filter) {
        return session == null ? collection.find(filter).first() : collection.find(session, filter).first();
    }

    void updateOne(MongoCollection<Document> collection, Bson filter, Bson update, UpdateOptions options) {
        if (session == null) {
            collection.updateOne(filter, update, options);
        } else {
            collection.updateOne(session, filter, update, options);
        }
    }
}
