package dev.cdcsync.core.decode;

/** A source column or value cdc-sync cannot carry faithfully; the pipeline stops and says which, and where. */
public class UnsupportedTypeException extends RuntimeException {
    public UnsupportedTypeException(String message) {
        super(message);
    }

    public UnsupportedTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
