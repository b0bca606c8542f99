package dev.cdcsync.core.spi;

/**
 * A write that failed. {@link #transientFailure()} says whether trying again may succeed (connection lost,
 * target restarting, serialization conflict); a permanent failure stops the pipeline.
 */
public class WriteException extends RuntimeException {

    private final boolean transientFailure;

    public WriteException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
