package dev.cdcsync.connector.source;

/**
 * Where a source's log stands now against a pipeline's checkpoint: for {@code status}, {@code /pipelines} and the
 * metrics.
 *
 * @param current       the source's current log position, in its own words ({@code lsn=0/1A2B3C},
 *                      {@code binlog=mysql-bin.000004:1570})
 * @param behindBytes   log bytes written at the source past the checkpoint, -1 when unknown (no checkpoint yet)
 * @param retainedBytes log bytes the source keeps for this pipeline (a PostgreSQL slot's retained WAL; for a binlog, what
 *                      the checkpoint still needs, the same as {@code behindBytes}), -1 when unknown
 */
public record SourceLag(String current, long behindBytes, long retainedBytes) {

    public static SourceLag unknown(String why) {
        return new SourceLag(why, -1, -1);
    }
}
