package dev.cdcsync.core.model;

/**
 * Where a change came from in the source's log: for error messages, ordering and identity.
 *
 * @param description  human-readable position, e.g. {@code lsn=0/16B3748} or {@code binlog=mysql-bin.000003:1234 row 0}
 * @param version      the change's version (see {@link DataChange} for its derivation per source)
 * @param changeId     the change's stable id: the same when the source replays the change (see {@link DataChange})
 * @param sourceTimeMs when the change was committed at the source (0 when unknown)
 * @param txId         the source transaction, or null
 */
public record SourcePosition(String description, ChangeVersion version, String changeId, long sourceTimeMs, String txId) {

    public static final SourcePosition UNKNOWN = new SourcePosition("unknown", ChangeVersion.NONE, "unknown", 0, null);

    /** A PostgreSQL LSN as PostgreSQL writes it ({@code 0/16B3748}). */
    public static String pgLsn(long lsn) {
        char[] out = new char[17]; // runs for every streamed change: one allocation besides the string
        int n = hex(out, 0, lsn >>> 32);
        out[n++] = '/';
        n = hex(out, n, lsn & 0xFFFFFFFFL);
        return new String(out, 0, n);
    }

    /** Upper-case hex digits of a 32-bit value, without leading zeros, at {@code at}; returns the end. */
    private static int hex(char[] out, int at, long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = "0123456789ABCDEF".charAt((int) (value & 0xF));
            value >>>= 4;
        }
        return at + digits;
    }

    /** The same position naming the {@code n}-th change (from 0) that shares it: rows of one snapshot, one multi-row event. */
    public SourcePosition nth(int n) {
        return n == 0 ? this : new SourcePosition(description, version, changeId + "#" + n, sourceTimeMs, txId);
    }

    @Override
    public String toString() {
        return description;
    }
}
