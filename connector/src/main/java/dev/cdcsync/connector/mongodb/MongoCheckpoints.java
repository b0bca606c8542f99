package dev.cdcsync.connector.mongodb;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import dev.cdcsync.core.spi.OffsetStore;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Checkpoints in the collection {@value #COLLECTION}: one document per (pipeline, source partition), replaced when that
 * partition moves. Written in the batch's transaction where the server has transactions; otherwise by the pipeline
 * after a batch's writes were acknowledged, so a crash between the two replays the batch, which the writes make
 * harmless.
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
            Document id = new Document("pipeline", pipeline).append("partition", CheckpointCodec.partitionJson(e.partition()));
            Document stored = offsets.find(session, Filters.eq("_id", id)).first();
            if (stored == null || !CheckpointCodec.offsetJson(e.offset()).equals(stored.getString("offset"))) {
                return false;
            }
        }
        return !checkpoint.entries().isEmpty();
    }

    /** @param session the batch's transaction, or null */
    void save(ClientSession session, String pipeline, Checkpoint checkpoint) {
        for (Checkpoint.Entry e : checkpoint.entries()) {
            Document id = new Document("pipeline", pipeline).append("partition", CheckpointCodec.partitionJson(e.partition()));
            Document document = new Document("_id", id).append("offset", CheckpointCodec.offsetJson(e.offset()))
                    .append("updated_at", new Date());
            if (session == null) {
                offsets.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
            } else {
                offsets.replaceOne(session, Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
            }
        }
    }
}
