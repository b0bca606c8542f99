package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Gives every call to the target the pipeline's retries: a target that restarts or refuses
 * connections for a while delays the pipeline instead of stopping it. Safe because every writer
 * call is idempotent (see {@link TargetWriter}).
 */
final class RetryingTargetWriter implements TargetWriter {

    private final TargetWriter delegate;
    private final RetryPolicy retry;
    private final String pipeline;

    RetryingTargetWriter(TargetWriter delegate, RetryPolicy retry, String pipeline) {
        this.delegate = delegate;
        this.retry = retry;
        this.pipeline = pipeline;
    }

    @Override
    public Optional<TableSchema> describe(TableId table) {
        return retry.supply(pipeline, () -> delegate.describe(table));
    }

    @Override
    public boolean sameStorage(ColumnType a, ColumnType b) {
        return delegate.sameStorage(a, b);
    }

    @Override
    public boolean supports(SchemaChange change) {
        return delegate.supports(change);
    }

    @Override
    public void apply(SchemaChange change) {
        retry.run(pipeline, () -> delegate.apply(change));
    }

    /** Not retried here: {@link BatchesInFlight} retries a failed batch when it settles it, in batch order. */
    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        return delegate.write(batch);
    }

    @Override
    public WriterCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public OffsetStore offsets() {
        OffsetStore store = delegate.offsets();
        return new OffsetStore() {
            @Override
            public Checkpoint load(String name) {
                return retry.supply(pipeline, () -> store.load(name));
            }

            @Override
            public Checkpoint load(String name, Collection<? extends Map<String, ?>> partitions) {
                return retry.supply(pipeline, () -> store.load(name, partitions));
            }

            @Override
            public void save(String name, Checkpoint checkpoint) {
                store.save(name, checkpoint); // retried by BatchesInFlight
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
