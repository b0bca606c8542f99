package dev.cdcsync.core.model;

/**
 * Where a change came from in the source's log: for error messages, ordering and identity. A value: equal when all
 * five parts are.
 *
 * <p>{@code description}: human-readable position, e.g. {@code lsn=0/16B3748} or
 * {@code binlog=mysql-bin.000003:1234 row 0}; {@code version}: the change's version (see {@link DataChange} for its
 * derivation per source); {@code changeId}: the change's stable id, the same when the source replays the change (see
 * {@link DataChange}); {@code sourceTimeMs}: when the change was committed at the source (0 when unknown);
 * {@code txId}: the source transaction, or null.
 */
public final class SourcePosition {

    public static final SourcePosition UNKNOWN = new SourcePosition("unknown", ChangeVersion.NONE, "unknown", 0, null);

    private final String description;
    private final ChangeVersion version;
    /** The id shared by the changes at this position; the n-th of them (n > 0) appends {@code #n}. */
    private final String sharedId;
    private final int nth;
    private final long sourceTimeMs;
    private final String txId;

    public SourcePosition(String description, ChangeVersion version, String changeId, long sourceTimeMs, String txId) {
        this(description, version, changeId, 0, sourceTimeMs, txId);
    }

    private SourcePosition(String description, ChangeVersion version, String sharedId, int nth, long sourceTimeMs,
                           String txId) {
        this.description = description;
        this.version = version;
        this.sharedId = sharedId;
        this.nth = nth;
        this.sourceTimeMs = sourceTimeMs;
        this.txId = txId;
    }

    public String description() {
        return description;
    }

    public ChangeVersion version() {
        return version;
    }

    /** Made when asked: a snapshot's rows share one position, and few of their ids are ever needed. */
    public String changeId() {
        return nth == 0 ? sharedId : sharedId + "#" + nth;
    }

    public long sourceTimeMs() {
        return sourceTimeMs;
    }

    public String txId() {
        return txId;
    }

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
        if (n == 0) {
            return this;
        }
        return nth == 0 ? new SourcePosition(description, version, sharedId, n, sourceTimeMs, txId)
                : new SourcePosition(description, version, changeId() + "#" + n, sourceTimeMs, txId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePosition p && sourceTimeMs == p.sourceTimeMs
                && java.util.Objects.equals(description, p.description) && java.util.Objects.equals(version, p.version)
                && java.util.Objects.equals(changeId(), p.changeId()) && java.util.Objects.equals(txId, p.txId);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(description, version, changeId(), sourceTimeMs, txId);
    }

    @Override
    public String toString() {
        return description;
    }
}
