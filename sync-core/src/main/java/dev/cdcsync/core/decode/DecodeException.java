package dev.cdcsync.core.decode;

/** A source column or value cdc-sync cannot carry faithfully; the pipeline stops and says which, and where. */
public class DecodeException extends RuntimeException {

    /** Where the value is (table, key, position), when the thrower knows it and the message does not say it; or null. */
    private final String where;

    public DecodeException(String message) {
        this(message, (Throwable) null);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
        this.where = null;
    }

    /** @param where the row's table, key and position */
    public DecodeException(String where, String message, Throwable cause) {
        super(message, cause);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
