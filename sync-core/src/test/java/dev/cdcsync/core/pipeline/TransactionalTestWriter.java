package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriterCapabilities;

/** A test writer that commits checkpoints with its batches: the pipeline never asks it to save one apart. */
abstract class TransactionalTestWriter implements TargetWriter {

    @Override
    public WriterCapabilities capabilities() {
        return WriterCapabilities.transactionalTarget();
    }

    @Override
    public OffsetStore offsets() {
        return new OffsetStore() {
            @Override
            public Checkpoint load(String pipeline) {
                return Checkpoint.EMPTY;
            }

            @Override
            public void save(String pipeline, Checkpoint checkpoint) {
                throw new AssertionError("a transactional writer stores its checkpoints itself");
            }
        };
    }

    @Override
    public void close() {
    }
}
