package dev.cdcsync.it.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The MongoDB driver alone, writing the documents cdc-sync writes for the benchmark table (same fields, same BSON
 * types) in batches of the engine's size: the write ceiling for a MongoDB target.
 */
final class MongoDriverBaseline {

    private MongoDriverBaseline() {
    }

    /** Rows per second of {@code insertMany} into an empty collection. */
    static double insertManyRate(MongoCollection<Document> collection, long rows, int batchSize) {
        long start = System.nanoTime();
        for (long from = 0; from < rows; from += batchSize) {
            List<Document> documents = new ArrayList<>(batchSize);
            for (long id = from; id < Math.min(rows, from + batchSize); id++) {
                documents.add(document(id, 0));
            }
            collection.insertMany(documents);
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    /** Rows per second of unordered {@code bulkWrite}s of {@code replaceOne(upsert)} over those documents, all changed. */
    static double replaceRate(MongoCollection<Document> collection, long rows, int batchSize) {
        long start = System.nanoTime();
        for (long from = 0; from < rows; from += batchSize) {
            List<WriteModel<Document>> writes = new ArrayList<>(batchSize);
            for (long id = from; id < Math.min(rows, from + batchSize); id++) {
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), document(id, 1), new ReplaceOptions().upsert(true)));
            }
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static Document document(long id, int change) {
        return new Document("_id", id).append("id", id).append("c_int", (int) (id % 1000) + change).append("c_bigint", id * 31)
                .append("c_text", "row number " + id).append("c_numeric", new Decimal128(BigDecimal.valueOf(id, 2)))
                .append("c_ts", LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id).toInstant(ZoneOffset.UTC).toString())
                .append("c_bool", id % 2 == 0);
    }
}
