package dev.cdcsync.connector.source;

import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.pipeline.CaptureSink;
import dev.cdcsync.core.pipeline.SourceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL pipeline's initial load with {@code COPY} instead of Debezium's row-by-row snapshot. It creates the
 * slot, which exports a snapshot; reads every table under that snapshot in chunks of block ranges
 * ({@code ctid}, a TID range scan); and hands the rows to the pipeline as snapshot rows, converted as the streaming
 * path converts a claimed value. Each chunk's end is checkpointed in the target with the rows. Debezium then
 * streams from the slot with {@code snapshot.mode=no_data}: exactly the transactions the snapshot does not see.
 *
 * <p>After a crash the load resumes at each table's first unfinished chunk, reading the rest under a new snapshot:
 * the exported one died with its connection. The slot still streams from the first snapshot's point, so changes
 * between the two snapshots are applied again over rows that may already have them; keyed upserts and deletes make
 * that converge to the source. A table without a key cannot absorb a replayed insert, so when one is unfinished the
 * load starts over from nothing, with a new slot.
 */
final class PgInitialLoad {

    private static final Logger LOG = LoggerFactory.getLogger(PgInitialLoad.class);

    private final PostgresSourceSettings pg;
    private final String pipeline;
    private final String slot;
    private final String publication;
    private final int batchRows;
    /** Where the load that runs now has got (its thread only). */
    private PgLoadProgress current;

    PgInitialLoad(PostgresSourceSettings pg, String pipeline, String slot, String publication, int batchRows) {
        this.pg = pg;
        this.pipeline = pipeline;
        this.slot = slot;
        this.publication = publication;
        this.batchRows = batchRows;
    }

    /**
     * The load due after {@code progress} (null: none begun, or the slot it streamed from is gone): all of it, with a
     * new slot, or the unfinished chunks. A resume with an unfinished table that has no key starts over instead.
     */
    SourceLoad plan(PgLoadProgress progress) {
        List<TableId> tables = pg.capturedTables(pipeline);
        PgLoadProgress resumed = progress;
        if (progress != null) {
            List<TableId> keyless = unfinishedWithoutKey(progress, tables);
            if (!keyless.isEmpty()) {
                LOG.warn("pipeline {}: the initial load was cut short; {} without a primary key cannot take changes"
                        + " replayed over a newer read, so the load starts over with a new slot", pipeline, keyless);
                ResumeCheck.dropSlot(pg, slot);
                resumed = null;
            }
        }
        PgLoadProgress from = resumed;
        return new SourceLoad() {
            @Override
            public List<TableId> replaced() {
                return from == null ? tables : List.of();
            }

            @Override
            public boolean fromNothing() {
                return from == null;
            }

            @Override
            public void run(CaptureSink sink, Runnable captureReady, BooleanSupplier stopping) {
                try {
                    PgInitialLoad.this.run(sink, from, tables, captureReady, stopping);
                } catch (SQLException e) {
                    throw SourceUnreachableException.unreachableOr(e, pg.host() + ":" + pg.port(),
                            "initial load: " + e.getMessage());
                }
            }
        };
    }

    private List<TableId> unfinishedWithoutKey(PgLoadProgress progress, List<TableId> tables) {
        List<TableId> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT NOT EXISTS (SELECT 1 FROM pg_index WHERE indrelid = ?::regclass AND indisprimary)")) {
            for (TableId t : tables) {
                if (progress.nextBlock(t) == PgLoadProgress.DONE) {
                    continue;
                }
                ps.setString(1, PgCatalog.quote(t));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        out.add(t);
                    }
                }
            }
        } catch (SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, pg.host() + ":" + pg.port(),
                    "cannot read the keys of the tables to load: " + e.getMessage());
        }
        return out;
    }

    /** Loads what the progress says is left (everything, when it is null) and marks the load complete. */
    private void run(CaptureSink sink, PgLoadProgress progress, List<TableId> tables, Runnable slotReady,
                     BooleanSupplier stopping) throws SQLException {
        List<TableId> published = new ArrayList<>(tables);
        pg.heartbeat().ifPresent(published::add); // as Debezium's filtered publication would have it
        PgExportedSnapshot exported = progress == null ? PgExportedSnapshot.create(pg, slot, publication, published) : null;
        try (Connection c = pg.connect()) {
            slotReady.run();
            PgUserTypes types = PgUserTypes.read(c); // before the read transaction, whose first statement imports the snapshot
            current = progress != null ? progress : PgLoadProgress.started(exported.consistentLsn());
            String snapshot = begin(c, exported);
            List<PgLoadCatalog> catalogs = new ArrayList<>();
            for (TableId table : tables) {
                StringBuilder why = new StringBuilder();
                catalogs.add(PgLoadCatalog.read(c, table, types, why).orElseThrow(() -> new IllegalStateException(
                        "the COPY load cannot read " + why + ": set source.snapshot-method: debezium")));
            }
            List<PgLoadChunk> chunks = PgLoadChunk.plan(c, catalogs, t -> current.nextBlock(t.schema().id()));
            List<SourceEvent> start = new ArrayList<>(List.of(marker(current)));
            if (exported != null) { // the connector's entry of an earlier run is void: it streams from this slot
                start.add(SourceEvent.loaded(null, DebeziumProperties.partition(pipeline), Map.of(PgLoadProgress.VOIDED, true)));
            }
            sink.process(start);
            PgChunkReaders read = new PgChunkReaders(pg, snapshot, "snapshot lsn=" + SourcePosition.pgLsn(current.consistentLsn()),
                    chunks, pg.loadConnections(), batchRows, "cdc-sync-" + pipeline + "-load");
            LOG.info("pipeline {}: loading {} tables in {} chunks on {}", pipeline, tables.size(), chunks.size(),
                    read.connections() == 1 ? "one connection" : read.connections() + " connections");
            if (!read.run(new Loaded(sink, chunks, progress == null), stopping)) {
                return;
            }
            c.commit();
            sink.awaitLoaded(); // the rows written: the completion goes in a batch of its own, where a writer ends the load
            current = current.completed();
            sink.process(List.of(SourceEvent.snapshotEnd(PgLoadProgress.partition(), current.offset())));
            sink.awaitLoaded();
            LOG.info("pipeline {}: initial load done; streaming from slot '{}'", pipeline, slot);
        } finally {
            if (exported != null) {
                exported.close();
            }
        }
    }

    /**
     * The read transaction: under the exported snapshot, or (a resumed load) a new one.
     *
     * @return the snapshot the readers import
     */
    private String begin(Connection c, PgExportedSnapshot exported) throws SQLException {
        String lsn = SourcePosition.pgLsn(current.consistentLsn());
        if (exported != null) {
            PgExportedSnapshot.beginRead(c, exported.name());
            LOG.info("pipeline {}: initial load with COPY under the snapshot slot '{}' exported at lsn={}", pipeline, slot, lsn);
            return exported.name();
        }
        PgExportedSnapshot.beginRead(c, null);
        LOG.info("pipeline {}: initial load resumes at each table's first unfinished chunk, under a new snapshot;"
                + " slot '{}' streams from lsn={}", pipeline, slot, lsn);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Takes what the readers read into the pipeline: a fresh table's first row says its snapshot starts, and each
     * table's checkpoint entry moves as its chunks are read in a row from its start.
     */
    private final class Loaded implements PgChunkReaders.Receiver {

        private final CaptureSink sink;
        private final boolean fresh;
        private final PgLoadWatermarks watermarks;
        private final Set<TableId> started = new HashSet<>();
        private final Map<TableId, Long> rows = new HashMap<>();

        Loaded(CaptureSink sink, List<PgLoadChunk> chunks, boolean fresh) {
            this.sink = sink;
            this.fresh = fresh;
            this.watermarks = new PgLoadWatermarks(chunks);
        }

        @Override
        public void rows(PgLoadChunk chunk, List<SourceEvent> events) {
            TableId id = chunk.table().schema().id();
            sink.process(fresh && started.add(id) ? startingSnapshot(events) : events);
        }

        @Override
        public void chunkRead(PgLoadChunk chunk, long read) {
            TableId id = chunk.table().schema().id();
            long total = rows.merge(id, read, Long::sum);
            OptionalLong next = watermarks.read(chunk);
            if (next.isPresent()) {
                current = current.withTable(id, next.getAsLong());
                sink.process(List.of(marker(current)));
                if (next.getAsLong() == PgLoadProgress.DONE) {
                    LOG.info("pipeline {}: loaded {} rows of {}", pipeline, total, id);
                }
            }
        }

        /** The rows with the first marked as the first of its table's snapshot (the target's rows are replaced). */
        private static List<SourceEvent> startingSnapshot(List<SourceEvent> events) {
            List<SourceEvent> out = new ArrayList<>(events);
            for (int i = 0; i < out.size(); i++) {
                DecodedChange row = out.get(i).loaded();
                if (row != null) {
                    out.set(i, SourceEvent.loaded(new DecodedChange(row.change(), row.sourceSchema(), true), null, null));
                    break;
                }
            }
            return out;
        }
    }

    private static SourceEvent marker(PgLoadProgress progress) {
        return SourceEvent.loaded(null, PgLoadProgress.partition(), progress.offset());
    }
}
