package dev.cdcsync.connector.daemon;

import java.util.List;

/**
 * One pipeline as {@code /pipelines}, the status page and {@code status} show it. Figures unknown so far are null.
 *
 * @param state          starting | snapshot | streaming | failed | stopped | not running (the {@code status} command
 *                       with no daemon)
 * @param checkpoint     the source position the target holds (durable)
 * @param sourcePosition where the source's log is now
 * @param behindBytes    source log bytes past the checkpoint
 * @param retainedBytes  source log the source keeps for this pipeline (a PostgreSQL slot's WAL)
 * @param lagSeconds     source commit to target commit of the newest change of the last batch with streamed changes
 */
public record PipelineStatus(String name, String state, String source, String target, String checkpoint,
                             String sourcePosition, Long behindBytes, Long retainedBytes, Double lagSeconds,
                             String lastError, List<TableStatus> tables) {

    /** One target table: changes applied since the daemon started, its lag, and snapshot progress. */
    public record TableStatus(String table, long inserts, long updates, long deletes, long truncates,
                              long snapshotRows, Long snapshotEstimate, Double lagSeconds) {
    }
}
