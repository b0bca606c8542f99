package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.buffer.ChangeBuffer;
import dev.cdcsync.core.decode.DebeziumEventDecoder;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.schema.SchemaTracker;
import dev.cdcsync.core.schema.TableState;
import dev.cdcsync.core.spi.RowRejectedException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's front half, one source event at a time: decode -> route -> track schema (and evolve the target) ->
 * buffer. What cannot be decoded goes to the dead letters, when the entry point has them, or stops the pipeline
 * naming where it is. Pipeline thread only.
 */
final class ChangeIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeIntake.class);

    private final String pipeline;
    private final Predicate<TableId> internal;
    private final DebeziumEventDecoder decoder = new DebeziumEventDecoder();
    private final TableRouter router;
    private final SchemaTracker schemas;
    private final ChangeBuffer buffer;
    /** {@code deletes: soft}, or null for hard deletes. */
    private final SoftDeletes softDeletes;
    private final boolean snapshotReplacesTable;
    /** Where undecodable records and refused rows go, with the events the buffered changes came from; or null. */
    private final DeadLetters deadLetters;
    private final ChangeOrigins origins;
    private final DurableOffsets offsets;
    private final PipelineStats stats;
    private final PipelineMetrics metrics;
    private SourcePosition lastBuffered = SourcePosition.UNKNOWN;
    /** Whether checkpoints carry the version of the last streamed change (a target of a fan-out). */
    private boolean stamping;
    /** The newest streamed change handed over (or held by the target at the restart), when stamping. */
    private ChangeVersion highWater;
    /** After a restart from an older target's checkpoint: streamed changes up to this one are already held. */
    private ChangeVersion skipThrough;
    /** The last table {@link #isInternal} asked the source about, and its answer. */
    private TableId lastAsked;
    private boolean lastAskedInternal;

    ChangeIntake(String pipeline, EntryPoint entry, TableRouter router, SchemaTracker schemas, ChangeBuffer buffer,
                 SoftDeletes softDeletes, DurableOffsets offsets, PipelineStats stats, PipelineMetrics metrics) {
        this.pipeline = pipeline;
        this.internal = entry.internal();
        this.snapshotReplacesTable = entry.snapshotReplacesTable();
        this.deadLetters = entry.deadLetters();
        this.origins = deadLetters == null ? null : new ChangeOrigins();
        this.router = router;
        this.schemas = schemas;
        this.buffer = buffer;
        this.softDeletes = softDeletes;
        this.offsets = offsets;
        this.stats = stats;
        this.metrics = metrics;
    }

    /** Checkpoints from now on carry {@link VersionStamp}s, and a restart skips what the target's stamp covers. */
    void stampVersions() {
        stamping = true;
    }

    /** The stamp for the next checkpoint, or null when not stamping. */
    ChangeVersion stamp() {
        return stamping ? highWater : null;
    }

    /** The source restarts; the target holds {@code own}: its stamped changes are not applied again. */
    void resumeAfter(Checkpoint own) {
        if (stamping) {
            highWater = VersionStamp.of(own).orElse(null);
            skipThrough = highWater;
        }
    }

    /** Whether a streamed change is one the target already holds (a replay from an older target's checkpoint). */
    private boolean alreadyHeld(DataChange change) {
        if (change.op() == Op.READ || !stamping) {
            return false; // a snapshot replaces the table whatever was held
        }
        ChangeVersion version = change.position().version();
        if (skipThrough != null && !version.isAfter(skipThrough)) {
            return true;
        }
        skipThrough = null; // the stream has passed what the target held
        highWater = highWater == null || version.isAfter(highWater) ? version : highWater;
        return false;
    }

    /** The position of the last change buffered, for the checkpoint's description. */
    SourcePosition lastBuffered() {
        return lastBuffered;
    }

    /** @return whether the event buffered a change */
    boolean take(SourceEvent event) {
        try {
            if (event.record() == null) { // a source's own load converted its rows itself
                if (event.unreadable() != null) {
                    throw event.unreadable();
                }
                return event.loaded() != null && buffer(event.loaded(), event);
            }
            Optional<DecodedChange> decoded = decoder.decode(event.record());
            return decoded.isPresent() && buffer(decoded.get(), event);
        } catch (DecodeException e) {
            if (deadLetters == null) {
                throw new DecodeException("pipeline " + pipeline + ": the record at " + event.where()
                        + " stops the pipeline: " + e.getMessage(), e);
            }
            deadLetters.undecodable(event, e);
            stats.deadLetters.incrementAndGet();
            metrics.deadLettered(null);
            LOG.warn("pipeline {}: set aside the record at {}: {}", pipeline, event.where(), e.getMessage());
            return false;
        }
    }

    /** The target's content of each source table is replaced by the snapshot that begins (see SyncPipeline.startFrom). */
    void startSnapshots(Collection<TableId> snapshotted) {
        for (TableId source : snapshotted) {
            TableId target = router.targetOf(source);
            TableSchema schema = schemas.current(target);
            if (schema != null) {
                buffer.startSnapshot(target, schema, null);
            }
        }
    }

    /** Whether rows the target refuses can be set aside ({@link #setAside}) rather than stop the pipeline. */
    boolean setsAside() {
        return deadLetters != null;
    }

    /** A row the target refused: reported as the record its last change came from; its batch goes on without it. */
    void setAside(RowRejectedException rejected) {
        SourceEvent origin = origins.of(rejected.change()).orElseThrow(() -> rejected);
        deadLetters.rejected(origin, rejected.change(), rejected);
        stats.deadLetters.incrementAndGet();
        metrics.deadLettered(rejected.change().table());
        LOG.warn("pipeline {}: set aside the row the target refused, from the record at {}: {}", pipeline, origin.where(),
                rejected.getMessage());
    }

    /** Forgets the origins of changes the target now holds. */
    void settledUpTo(long durableEvents) {
        if (origins != null) {
            origins.settledUpTo(durableEvents);
        }
    }

    private boolean buffer(DecodedChange decoded, SourceEvent event) {
        DataChange change = decoded.change();
        if (isInternal(change.table()) || alreadyHeld(change)) {
            return false;
        }
        TableId target = router.targetOf(change.table());
        if (change.op() == Op.TRUNCATE) {
            return truncate(change, target, event.partition());
        }
        TableSchema source = decoded.sourceSchema();
        TableSchema keyed = router.keyed(source);
        for (DataChange row : router.keyed(change, source, keyed)) {
            bufferRow(row, keyed, target, event, decoded.startsTableSnapshot());
        }
        if (decoded.endsSnapshot() && snapshotReplacesTable) {
            buffer.endSnapshots();
        }
        return true;
    }

    /** The source's answer for the last table asked about is kept: changes come in runs of one table. */
    private boolean isInternal(TableId table) {
        if (!table.equals(lastAsked)) {
            lastAskedInternal = internal.test(table);
            lastAsked = table;
        }
        return lastAskedInternal;
    }

    private boolean truncate(DataChange change, TableId target, Object partition) {
        TableSchema schema = schemas.current(target);
        if (schema == null) {
            LOG.info("pipeline {}: truncate of {} ignored: the target has no table {} yet", pipeline, change.table(), target);
            return false;
        }
        buffer.add(change.withTable(target), schema, partition);
        lastBuffered = change.position();
        return true;
    }

    private void bufferRow(DataChange change, TableSchema incoming, TableId target, SourceEvent event,
                           boolean startsTableSnapshot) {
        Object partition = event.partition();
        if (softDeletes != null) {
            change = softDeletes.change(change, incoming);
            incoming = softDeletes.schema(incoming);
        }
        TableState state = schemas.track(target, incoming);
        TableSchema schema = state.target();
        change = project(change, state);
        if (change.op() == Op.READ) {
            stats.snapshotRows.incrementAndGet();
        }
        if (startsTableSnapshot && snapshotReplacesTable) {
            buffer.startSnapshot(target, schema, partition);
        }
        DataChange routed = change.withTable(target);
        buffer.add(routed, schema, partition);
        if (origins != null) {
            origins.add(offsets.eventsReceived() + 1, routed, event);
        }
        lastBuffered = change.position();
    }

    /** Drops the values of columns the target does not have (schema-evolution ignore, or a refused change). */
    private static DataChange project(DataChange change, TableState state) {
        if (state.leftOut().isEmpty()) {
            return change;
        }
        return change.withRows(without(change.before(), state.leftOut()), without(change.after(), state.leftOut()));
    }

    private static Map<String, Object> without(Map<String, Object> row, Set<String> columns) {
        if (row == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>(row);
        out.keySet().removeAll(columns);
        return out;
    }
}
