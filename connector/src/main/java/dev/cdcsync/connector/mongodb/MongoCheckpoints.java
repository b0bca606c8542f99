package dev.cdcsync.connector.mongodb;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import dev.cdcsync.core.spi.OffsetStore;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Checkpoints in the collection {@value #COLLECTION}: one document per (pipeline, source partition), updated when that
 * partition moves (inserted the first time; a checkpoint is saved by one pipeline thread, so two never race). Written
 * in the batch's transaction where the server has transactions; otherwise by the pipeline after a batch's writes were
 * acknowledged, so a crash between the two replays the batch, which the writes make harmless.
 */
final class MongoCheckpoints implements OffsetStore {

    static final String COLLECTION = "cdc_sync_offsets";

    private final MongoCollection<Document> offsets;

    MongoCheckpoints(MongoDatabase database) {
        this.offsets = database.getCollection(COLLECTION);
    }

    @Override
    public Checkpoint load(String pipeline) {
        List<Checkpoint.Entry> entries = new ArrayList<>();
        for (Document d : offsets.find(Filters.eq("_id.pipeline", pipeline))) {
            Document id = d.get("_id", Document.class);
            entries.add(CheckpointCodec.entry(id.getString("partition"), d.getString("offset")));
        }
        return new Checkpoint(entries);
    }

    @Override
    public void save(String pipeline, Checkpoint checkpoint) {
        save(null, pipeline, checkpoint);
    }

    /**
     * Whether the target holds exactly this checkpoint already: a batch whose commit answer was lost committed after
     * all (every batch moves its partitions' offsets, so no other batch stored the same ones).
     */
    boolean holds(ClientSession session, String pipeline, Checkpoint checkpoint) {
        for (Checkpoint.Entry e : checkpoint.entries()) {
            Document stored = offsets.find(session, idOf(pipeline, CheckpointCodec.partitionJson(e.partition()))).first();
            if (stored == null || !CheckpointCodec.offsetJson(e.offset()).equals(stored.getString("offset"))) {
                return false;
            }
        }
        return !checkpoint.entries().isEmpty();
    }

    /** @param session the batch's transaction, or null */
    void save(ClientSession session, String pipeline, Checkpoint checkpoint) {
        for (Checkpoint.Entry e : checkpoint.entries()) {
            String partition = CheckpointCodec.partitionJson(e.partition());
            String offset = CheckpointCodec.offsetJson(e.offset());
            Date now = new Date();
            Bson moved = Updates.combine(Updates.set("offset", offset), Updates.set("updated_at", now));
            if (update(session, idOf(pipeline, partition), moved).getMatchedCount() == 0) {
                Document first = new Document("_id", new Document("pipeline", pipeline).append("partition", partition))
                        .append("offset", offset).append("updated_at", now);
                insert(session, first);
            }
        }
    }

    private UpdateResult update(ClientSession session, Bson filter, Bson update) {
        return session == null ? offsets.updateOne(filter, update) : offsets.updateOne(session, filter, update);
    }

    private void insert(ClientSession session, Document document) {
        if (session == null) {
            offsets.insertOne(document);
        } else {
            offsets.insertOne(session, document);
        }
    }

    /**
     * A partition's document, matched field by field rather than by its whole {@code _id} document: part-way through
     * a load, the MongoDB stand-in the tests run against here (mongo-java-server's H2 backend) found nothing by the
     * whole {@code _id} while the document was there, and an upsert then collided with it. A pipeline has a handful
     * of these documents, so the scan costs nothing.
     */
    private static Bson idOf(String pipeline, String partition) {
        return Filters.and(Filters.eq("_id.pipeline", pipeline), Filters.eq("_id.partition", partition));
    }
}
