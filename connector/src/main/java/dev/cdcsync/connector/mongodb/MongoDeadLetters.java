package dev.cdcsync.connector.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cdcsync.core.spi.DeadLetter;
import java.util.Date;
import org.bson.Document;

/**
 * Dead letters in the collection {@value #COLLECTION}: {@code _id} is (pipeline, letter id), so a letter stored again
 * after a replay replaces itself. The row is an embedded document parsed from the letter's JSON.
 */
final class MongoDeadLetters {

    static final String COLLECTION = "cdc_sync_dead_letters";

    private final MongoCollection<Document> letters;

    MongoDeadLetters(MongoDatabase database) {
        this.letters = database.getCollection(COLLECTION);
    }

    void store(DeadLetter letter) {
        Document id = new Document("pipeline", letter.pipeline()).append("id", letter.id());
        Document d = new Document("_id", id).append("table", letter.table()).append("key", letter.key())
                .append("position", letter.position()).append("error", letter.error()).append("at", Date.from(letter.at()));
        if (letter.table() != null && letter.row() != null) {
            d.append("row", Document.parse(letter.row()));
        } else {
            d.append("record", letter.row());
        }
        letters.replaceOne(Filters.eq("_id", id), d, new ReplaceOptions().upsert(true));
    }
}
