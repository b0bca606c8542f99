package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.Collection;
import java.util.List;

/**
 * What the embedded engine feeds: one {@link SyncPipeline}, or a {@link FanOut} to several targets. The engine hands
 * over its batches in source order from one thread, confirms to the source only what {@link #durability()} says, and
 * on every (re)start resumes from {@link #committedCheckpoint()} after calling {@link #startFrom}.
 */
public interface CaptureSink {

    String name();

    /** Takes the engine's batch, the last it has queued; see {@link SyncPipeline#process}. */
    default void process(List<SourceEvent> events) {
        process(events, false);
    }

    /**
     * Takes the engine's batch; {@code more}: the engine has more queued already (its batch was full), so a target
     * batch that is not full may wait for them, up to {@code batch.max-delay}. See {@link SyncPipeline#process}.
     */
    void process(List<SourceEvent> events, boolean more);

    /** Waits until what was handed over is settled, where waiting cannot hold other targets back. */
    void awaitWrites();

    /** Where the source must resume: the checkpoint the target holds (for several, the oldest). */
    Checkpoint committedCheckpoint();

    /** The checkpoint of each target (one for a single target). */
    default List<Checkpoint> targetCheckpoints() {
        return List.of(committedCheckpoint());
    }

    /**
     * A source's own load has handed over its last rows: waits until every target that takes changes holds them and
     * has settled, so that its checkpoint says the load is complete before streaming starts.
     */
    default void awaitLoaded() {
        awaitWrites();
    }

    /** The source (re)starts from {@code checkpoint}, beginning with a snapshot of {@code snapshotted}. */
    void startFrom(Checkpoint checkpoint, Collection<TableId> snapshotted);

    Durability durability();

    /** Where the engine reports its own retries and failures. */
    PipelineMetrics metrics();

    /** Asks the engine's owner to restart the capture from {@link #committedCheckpoint()} (a target catching up). */
    default void onRewindWanted(Runnable rewind) {
    }
}
