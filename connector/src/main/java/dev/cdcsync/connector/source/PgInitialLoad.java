package dev.cdcsync.connector.source;

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
import java.util.List;
import java.util.Map;
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
    /** Rows per chunk: what a crash makes the load read again, at most. */
    static final long CHUNK_ROWS = 100_000;

    private final PostgresSourceSettings pg;
    private final String pipeline;
    private final String slot;
    private final String publication;
    private final int batchRows;

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
            public void run(CaptureSink sink, Runnable captureReady, BooleanSupplier stopping) throws SQLException {
                PgInitialLoad.this.run(sink, from, tables, captureReady, stopping);
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
                ps.setString(1, PgLoadCatalog.quoted(t));
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
        PgUserTypes types;
        List<PgLoadCatalog> catalogs = new ArrayList<>();
        try (Connection c = pg.connect()) {
            types = PgUserTypes.read(c);
        }
        List<TableId> published = new ArrayList<>(tables);
        pg.heartbeat().ifPresent(published::add); // as Debezium's filtered publication would have it
        PgExportedSnapshot exported = progress == null ? PgExportedSnapshot.create(pg, slot, publication, published) : null;
        try (Connection c = pg.connect()) {
            slotReady.run();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            long lsn = exported != null ? exported.consistentLsn() : progress.consistentLsn();
            if (exported != null) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + exported.name().replace("'", "''") + "'");
                }
                LOG.info("pipeline {}: initial load of {} table(s) with COPY under the snapshot slot '{}' exported at"
                        + " lsn={}", pipeline, tables.size(), slot, SourcePosition.pgLsn(lsn));
            } else {
                LOG.info("pipeline {}: initial load resumes at each table's first unfinished chunk, under a new snapshot;"
                        + " slot '{}' streams from lsn={}", pipeline, slot, SourcePosition.pgLsn(lsn));
            }
            for (TableId table : tables) {
                StringBuilder why = new StringBuilder();
                catalogs.add(PgLoadCatalog.read(c, table, types, why).orElseThrow(() -> new IllegalStateException(
                        "the COPY load cannot read " + why + ": set source.snapshot-method: debezium")));
            }
            List<SourceEvent> start = new ArrayList<>();
            start.add(marker(PgLoadProgress.loadPartition(), PgLoadProgress.loadOffset(lsn, false)));
            if (exported != null) { // the connector's entry of an earlier run is void: it streams from this slot
                start.add(marker(DebeziumProperties.partition(pipeline), Map.of(PgLoadProgress.VOIDED, true)));
            }
            sink.process(start);
            String position = "snapshot lsn=" + SourcePosition.pgLsn(lsn);
            for (PgLoadCatalog table : catalogs) {
                long from = progress == null ? 0 : progress.nextBlock(table.schema().id());
                if (from != PgLoadProgress.DONE) {
                    long rows = new PgTableCopy(c, table, position, from, from == 0 && progress == null, sink, stopping,
                            batchRows).run();
                    if (!stopping.getAsBoolean()) {
                        LOG.info("pipeline {}: loaded {} rows of {}", pipeline, rows, table.schema().id());
                    }
                }
                if (stopping.getAsBoolean()) {
                    return;
                }
            }
            c.commit();
            sink.process(List.of(marker(PgLoadProgress.loadPartition(), PgLoadProgress.loadOffset(lsn, true))));
            sink.awaitWrites();
            LOG.info("pipeline {}: initial load done; streaming from slot '{}'", pipeline, slot);
        } finally {
            if (exported != null) {
                exported.close();
            }
        }
    }

    private static SourceEvent marker(Map<String, ?> partition, Map<String, ?> offset) {
        return SourceEvent.loaded(null, partition, offset);
    }
}
