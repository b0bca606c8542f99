package dev.cdcsync.core.model;

/**
 * Where a change came from in the source's log, for error messages and ordering.
 *
 * @param description human-readable position, e.g. {@code lsn=0/16B3748} or {@code mysql-bin.000003:1234}
 * @param order       a number that grows with the log position within one source (0 when unknown)
 * @param sourceTimeMs when the change was committed at the source (0 when unknown)
 * @param txId        the source transaction, or null
 */
public record SourcePosition(String description, long order, long sourceTimeMs, String txId) {

    public static final SourcePosition UNKNOWN = new SourcePosition("unknown", 0, 0, null);

    @Override
    public String toString() {
        return description;
    }
}
