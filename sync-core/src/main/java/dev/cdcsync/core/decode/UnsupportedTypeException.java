package dev.cdcsync.core.decode;

/** A source column whose type cdc-sync cannot carry faithfully; the pipeline stops and says which. */
public class UnsupportedTypeException extends RuntimeException {
    public UnsupportedTypeException(String message) {
        super(message);
    }
}
