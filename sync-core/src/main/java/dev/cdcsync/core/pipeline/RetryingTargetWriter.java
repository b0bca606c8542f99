package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import java.util.Optional;

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

    @Override
    public void write(WriteBatch batch) {
        retry.run(pipeline, () -> delegate.write(batch));
    }

    @Override
    public OffsetStore offsets() {
        return name -> retry.supply(pipeline, () -> delegate.offsets().load(name));
    }

    @Override
    public void close() {
        delegate.close();
    }
}
