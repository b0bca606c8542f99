package dev.cdcsync.core.spi;

import dev.cdcsync.core.model.Checkpoint;
import java.util.Optional;

/**
 * Where a pipeline's checkpoint lives. A pipeline reads it once at start to tell the source where
 * to resume. Writers of transactional targets store the checkpoint inside {@link TargetWriter#write}'s
 * transaction and expose it here; nothing else writes it.
 */
public interface OffsetStore {

    /** The last committed checkpoint of {@code pipeline}, or empty on a first start. */
    Optional<Checkpoint> load(String pipeline);
}
