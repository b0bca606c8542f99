package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.spi.WriteBatch;

/**
 * What a pipeline reports as it works, for whoever measures it (the daemon's Prometheus metrics). The core stays free
 * of any metrics library: an entry point passes an implementation, or {@link #NONE}.
 *
 * <p>Contract: methods are called on the thread that does the work (mostly the pipeline's), must be cheap, and must
 * not throw.
 */
public interface PipelineMetrics {

    PipelineMetrics NONE = new PipelineMetrics() {
    };

    /**
     * A batch is durable in the target (its checkpoint stored): called once per batch, in commit order.
     *
     * @param writeNanos    from handing the batch to the writer to its settling, retries included
     * @param committedAtMs wall-clock time of the settling, for end-to-end lag against each change's source time
     */
    default void committed(WriteBatch batch, long writeNanos, long committedAtMs) {
    }

    /** A transient failure is retried ({@code what}: a write, reaching the source, ...). */
    default void retried(String what) {
    }

    /** A record or row was set aside as a dead letter; {@code table} is null for a record that could not be decoded. */
    default void deadLettered(TableId table) {
    }

    /** The pipeline stopped on an error (the entry point gives up, or restarts it). */
    default void failed(Throwable error) {
    }
}
