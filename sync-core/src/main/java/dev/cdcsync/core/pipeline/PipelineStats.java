package dev.cdcsync.core.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one pipeline, safe to read from any thread. */
public final class PipelineStats {

    final AtomicLong eventsReceived = new AtomicLong();
    final AtomicLong snapshotRows = new AtomicLong();
    final AtomicLong changesWritten = new AtomicLong();
    final AtomicLong batchesWritten = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    volatile String lastPosition = "none";

    public long eventsReceived() { return eventsReceived.get(); }

    /** Rows read by the initial snapshot in this process's lifetime. */
    public long snapshotRows() { return snapshotRows.get(); }

    /** Changes written to the target after coalescing. */
    public long changesWritten() { return changesWritten.get(); }

    public long batchesWritten() { return batchesWritten.get(); }

    /** Records and rows set aside as dead letters instead of applied. */
    public long deadLetters() { return deadLetters.get(); }

    /** The source position of the last change made durable in the target. */
    public String lastPosition() { return lastPosition; }
}
