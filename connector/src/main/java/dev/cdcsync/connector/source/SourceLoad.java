package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.CaptureSink;
import java.util.List;
import java.util.function.BooleanSupplier;

/** An initial load a source runs itself, before its connector streams (see {@link PgInitialLoad}). */
interface SourceLoad {

    /** The source tables whose target content the load replaces (none when it resumes). */
    List<TableId> replaced();

    /**
     * Whether the load starts from nothing, with a new slot, though a checkpoint was given: what the targets hold of
     * an earlier load or stream no longer counts (a fan-out's targets must not skip changes by their old stamps).
     */
    boolean fromNothing();

    /**
     * Loads into the sink and leaves in the target the checkpoint the connector streams from.
     *
     * @param captureReady runs once changes from then on are captured (the slot exists)
     * @param stopping     polled as the load goes: true stops it where it is
     * @throws SourceUnreachableException when the source is lost (the load is resumed, with the pipeline's retries)
     */
    void run(CaptureSink sink, Runnable captureReady, BooleanSupplier stopping);
}
