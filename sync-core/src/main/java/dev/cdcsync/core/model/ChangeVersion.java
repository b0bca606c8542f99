package dev.cdcsync.core.model;

/**
 * A change's place in its source's order, compared as (major, minor). For any one row (key) it strictly
 * grows along the source's order: across restarts (it is derived from the source position, never counted
 * by cdc-sync) and from snapshot rows to streamed changes. Changes of different rows may tie. How each source
 * derives it is documented on {@link DataChange}.
 *
 * <p>{@link #stamp()} folds it into one number for stores that keep, per cell, the write with the highest number
 * (Cassandra's {@code USING TIMESTAMP}): it too strictly grows along the source's order for any one row, within the
 * limits its factory documents, and is derived from the position only, so a replayed change writes the same stamp.
 *
 * @param stamp see {@link #stamp()}; the factories compute it
 */
public record ChangeVersion(long major, long minor, long stamp) implements Comparable<ChangeVersion> {

    /** The version of a change whose source gave no position (and of PostgreSQL snapshot rows): below all others. */
    public static final ChangeVersion NONE = new ChangeVersion(0, 0, 0);

    static final int BINLOG_FILE_BITS = 18;
    static final int BINLOG_POSITION_BITS = 31;
    static final int BINLOG_EVENT_BITS = 14;

    /**
     * A streamed PostgreSQL change: (commit LSN of the transaction streamed before its own, its LSN). Its stamp is the
     * change's LSN: changes of one row are serialized by the row's lock (and a key by its unique index), so a later
     * change of a row always has a higher LSN, though a later transaction may hold lower LSNs for other rows.
     */
    public static ChangeVersion postgres(long previousCommitLsn, long lsn) {
        return new ChangeVersion(previousCommitLsn, lsn, lsn);
    }

    /**
     * A binlog change: (file number &lt;&lt; 40 | position where its transaction began, (events &lt;&lt; 24 | rows) + 1
     * since that position), or minor 0 for a snapshot row read at that position. Its stamp packs file number (18
     * bits), transaction position (31 bits) and the event's index in the transaction plus one (14 bits; a row appears
     * at most once in one event). Each part is clamped at its maximum: past binlog file 262,143, past 2 GiB into a
     * file, or past the 16,382nd event of one transaction, changes of one row may tie (then Cassandra keeps the
     * greater value, not the later one).
     */
    public static ChangeVersion binlog(long fileNumber, long transactionPosition, long events, long rows, boolean snapshot) {
        long major = (fileNumber << 40) | (transactionPosition & ((1L << 40) - 1));
        long minor = snapshot ? 0 : ((events << 24) | rows) + 1;
        long event = snapshot ? 0 : events + 1;
        long stamp = clamp(fileNumber, BINLOG_FILE_BITS) << (BINLOG_POSITION_BITS + BINLOG_EVENT_BITS)
                | clamp(transactionPosition, BINLOG_POSITION_BITS) << BINLOG_EVENT_BITS
                | clamp(event, BINLOG_EVENT_BITS);
        return new ChangeVersion(major, minor, stamp);
    }

    private static long clamp(long value, int bits) {
        return Math.min(Math.max(value, 0), (1L << bits) - 1);
    }

    /** (major, minor); the stamp follows from them. */
    @Override
    public int compareTo(ChangeVersion o) {
        int c = Long.compare(major, o.major);
        return c != 0 ? c : Long.compare(minor, o.minor);
    }

    public boolean isAfter(ChangeVersion o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
