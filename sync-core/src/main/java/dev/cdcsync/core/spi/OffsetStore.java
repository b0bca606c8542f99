package dev.cdcsync.core.spi;

import dev.cdcsync.core.model.Checkpoint;
import java.util.Collection;
import java.util.Map;

/**
 * Where a pipeline's checkpoints live: one offset per (pipeline, source partition), merged on write, so that two
 * tasks of one Kafka Connect connector (each with its own partitions) never overwrite each other.
 * A transactional writer stores checkpoints inside {@link TargetWriter#write}'s transaction; for other writers the
 * pipeline calls {@link #save} after the data is durable.
 */
public interface OffsetStore {

    /** Every partition's last committed offset for {@code pipeline}; an empty checkpoint on a first start. */
    Checkpoint load(String pipeline);

    /** The committed offsets of just these partitions (the ones a Kafka Connect task was assigned). */
    default Checkpoint load(String pipeline, Collection<? extends Map<String, ?>> partitions) {
        return load(pipeline).only(partitions);
    }

    /** Stores the checkpoint's partitions, replacing their earlier offsets and leaving other partitions' alone. */
    void save(String pipeline, Checkpoint checkpoint);
}
