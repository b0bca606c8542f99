package dev.cdcsync.core.spi;

/**
 * A write that failed. {@link #transientFailure()} says whether trying again may succeed (connection lost,
 * target restarting, serialization conflict); a permanent failure stops the pipeline.
 */
public class WriteException extends RuntimeException {

    private final boolean transientFailure;
    private final boolean attempted;

    public WriteException(String message, boolean transientFailure, Throwable cause) {
        this(message, transientFailure, cause, true);
    }

    private WriteException(String message, boolean transientFailure, Throwable cause, boolean attempted) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.attempted = attempted;
    }

    /**
     * A write the writer did not attempt, because a batch handed over before it failed (a writer that keeps several
     * batches in flight, in order): the pipeline hands it over again once the batches before it are settled, without
     * counting it as a failed attempt.
     */
    public static WriteException notAttempted(String message) {
        return new WriteException(message, true, null, false);
    }

    /** False for a write {@linkplain #notAttempted not attempted}. */
    public boolean attempted() {
        return attempted;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
