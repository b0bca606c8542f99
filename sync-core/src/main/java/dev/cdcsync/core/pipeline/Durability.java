package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;

/**
 * What a capture may confirm to its source: how many of the events it handed over are settled, and the checkpoint the
 * source must not pass. One pipeline's {@link DurableOffsets}, or for several targets the slowest of them.
 */
public interface Durability {

    /** How many of the events handed over so far, counted from the first, are settled: durable, or discarded. */
    long durableEvents();

    /** Events up to this count were not durable when the source restarted: never confirm those. */
    long discardedEvents();

    /** The offsets the target (the slowest target) holds, one per partition: where the source must resume. */
    Checkpoint checkpoint();
}
