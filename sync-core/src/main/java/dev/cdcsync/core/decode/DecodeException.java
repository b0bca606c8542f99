package dev.cdcsync.core.decode;

/** A source column or value cdc-sync cannot carry faithfully; the pipeline stops and says which, and where. */
public class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
