package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.SourceSettings;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.Map;
import java.util.Optional;

/**
 * A source captured by a Debezium connector in the embedded engine. A new source type implements this (its settings
 * record binds the YAML {@code source:} section): the connector's properties, what to prepare before it starts, and
 * the resume check that says whether the target's checkpoint can still be honoured. {@link DebeziumSource} does the
 * rest: it runs the engine, marks Debezium's transaction boundaries on each {@link dev.cdcsync.core.pipeline.SourceEvent},
 * and confirms only what the pipeline's {@link dev.cdcsync.core.pipeline.DurableOffsets} says the target holds.
 */
public interface DebeziumSourceSettings extends SourceSettings {

    /** The connector's own properties (class, connection, tables, fidelity settings) for this pipeline. */
    Map<String, String> connectorProperties(String pipeline);

    /**
     * Properties read from the source's catalog at each connector start (after {@link #resumeFrom}), applied
     * before the user's map; none by default.
     */
    default Map<String, String> catalogProperties(String pipeline) {
        return Map.of();
    }

    /** The user's {@code debezium:} map, applied last and unchanged. */
    Map<String, String> debezium();

    /** Prepares what the connector needs before it starts (e.g. the schema history's directory). */
    default void prepare(String pipeline) {
    }

    /**
     * Before each connector start: checks that the source still has what the checkpoint needs and readies it
     * for what comes next; returns the checkpoint to resume from (empty: start over with a snapshot).
     *
     * @throws SourceUnreachableException when the source cannot be reached (the start is retried)
     * @throws IllegalStateException when the checkpoint cannot be honoured, with how to resync
     */
    default Optional<Checkpoint> resumeFrom(String pipeline, Optional<Checkpoint> committed) {
        return committed;
    }

    /**
     * The load this source runs itself before the connector streams, when one is due at a start from {@code from}
     * (the checkpoint the resume check left); empty: the connector snapshots as configured.
     */
    default Optional<SourceLoad> initialLoad(String pipeline, Optional<Checkpoint> from, int batchRows) {
        return Optional.empty();
    }

    /** The {@code snapshot:} mode as configured (with its default). */
    String snapshotMode();

    /**
     * Whether the connector, started from {@code from} (what {@link #resumeFrom} returned), begins with a snapshot:
     * then every captured table's content in the target is replaced, also of tables that are empty now.
     */
    default boolean snapshotRuns(Optional<Checkpoint> from) {
        return switch (snapshotMode()) {
            case "never" -> false;
            case "always" -> true;
            default -> from.isEmpty() || ResumeCheck.snapshotInProgress(from.get());
        };
    }

    /**
     * The source tables {@link #tables()} names right now (literal names and {@code /regex/} patterns, matched as the
     * connector matches them), without cdc-sync's own tables: what a snapshot replaces.
     *
     * @throws SourceUnreachableException when the source cannot be reached (the start is retried)
     */
    java.util.List<TableId> capturedTables(String pipeline);

    /**
     * Where the source's log stands against {@code checkpoint} (the target's), and what it retains for this pipeline.
     *
     * @throws java.sql.SQLException when the source cannot be asked
     */
    SourceLag lag(String pipeline, Checkpoint checkpoint) throws java.sql.SQLException;

    /** The catalog's row-count estimates of these tables (missing where it has none), for snapshot progress. */
    Map<TableId, Long> estimatedRows(java.util.List<TableId> tables) throws java.sql.SQLException;

    /** A table cdc-sync itself captures (heartbeats): its changes move the checkpoint but are not written. */
    default boolean isInternal(TableId table) {
        return false;
    }
}
