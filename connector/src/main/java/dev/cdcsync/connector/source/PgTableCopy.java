package dev.cdcsync.connector.source;

import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.pipeline.CaptureSink;
import dev.cdcsync.core.pipeline.SourceEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One table of a {@link PgInitialLoad}, chunk by chunk of blocks from {@code from}, in the caller's transaction (the
 * snapshot it reads under). Rows go to the pipeline in lists of the batch size, never a whole table in memory; each
 * chunk's end is an event that moves the table's checkpoint entry. A row whose value cannot be read goes to the
 * pipeline as unreadable: to the dead letters, or it stops the pipeline naming table, key and position.
 */
final class PgTableCopy {

    private final Connection c;
    private final PgLoadCatalog table;
    private final SourcePosition position;
    private final long from;
    private final boolean fresh;
    private final CaptureSink sink;
    private final BooleanSupplier stopping;
    private final int batchRows;
    /** The event that records a chunk's end, given the next block to read ({@link PgLoadProgress#DONE}: none). */
    private final LongFunction<SourceEvent> chunkDone;
    private final List<SourceEvent> events = new ArrayList<>();
    private final RowValues.Columns shape;
    private int rows;
    /** Whether a row has told the pipeline that this table's snapshot starts (when {@code fresh}). */
    private boolean started;

    /**
     * @param position  the load's position text (the slot's consistent point)
     * @param from      the first block to read
     * @param fresh     the table's target content is replaced (a load from its start, not a resumed one)
     * @param batchRows rows per hand-over to the pipeline
     * @param chunkDone the event that records a chunk's end in the checkpoint, given the next block to read
     */
    PgTableCopy(Connection c, PgLoadCatalog table, String position, long from, boolean fresh, CaptureSink sink,
                BooleanSupplier stopping, int batchRows, LongFunction<SourceEvent> chunkDone) {
        this.c = c;
        this.table = table;
        this.position = new SourcePosition(position, ChangeVersion.NONE, position, 0, null);
        this.from = from;
        this.fresh = fresh;
        this.sink = sink;
        this.stopping = stopping;
        this.batchRows = batchRows;
        this.chunkDone = chunkDone;
        this.shape = RowValues.Columns.of(table.schema());
    }

    /** @return the rows read */
    long run() throws SQLException {
        long[] size = blocks();
        long blocks = size[0];
        long step = Math.max(1, PgInitialLoad.CHUNK_ROWS / Math.max(1, size[1]));
        for (long start = from; ; start += step) {
            boolean last = start + step >= blocks;
            copy(start, last ? -1 : start + step);
            if (stopping.getAsBoolean()) {
                return rows;
            }
            handOver(chunkDone.apply(last ? PgLoadProgress.DONE : start + step));
            if (last) {
                return rows;
            }
        }
    }

    /** The table's blocks now and its rows per block (an estimate; chunks only need to be roughly even). */
    private long[] blocks() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(c.oid) / current_setting('block_size')::int,"
                + " CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN ceil(c.reltuples / c.relpages) ELSE 60 END"
                + " FROM pg_class c WHERE c.oid = ?::regclass")) {
            ps.setString(1, PgCatalog.quote(table.schema().id()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Blocks [start, end) of the table; end -1: to the end. */
    private void copy(long start, long end) throws SQLException {
        String where = start == 0 && end < 0 ? "" : " WHERE ctid >= '(" + start + ",0)'::tid"
                + (end < 0 ? "" : " AND ctid < '(" + end + ",0)'::tid");
        String sql = "COPY (SELECT " + String.join(", ", table.fields().stream().map(PgLoadField::select).toList())
                + " FROM " + PgCatalog.quote(table.schema().id()) + where + ") TO STDOUT (FORMAT binary)";
        CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            PgCopyRows copied = new PgCopyRows(out, table.fields().size());
            while (copied.next()) {
                add(copied);
                if (events.size() >= batchRows) {
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                    handOver(null);
                }
            }
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    private void add(PgCopyRows copied) {
        List<dev.cdcsync.core.model.Column> columns = table.schema().columns();
        List<PgLoadField> fields = table.fields();
        byte[] b = copied.buffer();
        RowValues row = new RowValues(shape);
        RuntimeException failed = null;
        int failedAt = -1;
        for (int i = 0; i < fields.size(); i++) {
            try {
                row.set(i, fields.get(i).read(b, copied.offset(i), copied.length(i)));
            } catch (RuntimeException e) {
                if (failed == null) { // the first column that fails is reported; the rest still read, for the key
                    failed = e;
                    failedAt = i;
                }
            }
        }
        List<String> key = table.schema().primaryKey();
        SourcePosition at = position.nth(rows);
        if (failed != null) {
            events.add(SourceEvent.unreadable(new DecodeException("initial load of " + table.schema().id() + ", key "
                    + keyText(key, row) + ", " + at.description() + " row " + rows, "column " + columns.get(failedAt).name()
                    + " (" + columns.get(failedAt).type() + "): cannot read '"
                    + fields.get(failedAt).show(b, copied.offset(failedAt), copied.length(failedAt)) + "': "
                    + failed.getMessage(), failed)));
            rows++;
            return;
        }
        DataChange change = new DataChange(DataChange.Op.READ, table.schema().id(),
                key.isEmpty() ? null : RowKey.of(key, row), null, row, at);
        events.add(SourceEvent.loaded(new DecodedChange(change, table.schema(), fresh && !started), null, null));
        started = true;
        rows++;
    }

    private static String keyText(List<String> key, Map<String, Object> row) {
        return !key.isEmpty() && row.keySet().containsAll(key)
                ? key.stream().map(k -> k + "=" + row.get(k)).collect(java.util.stream.Collectors.joining(", "))
                : "(none)";
    }

    /** Hands the rows so far to the pipeline; with the event that records a chunk's end, at one. */
    private void handOver(SourceEvent chunkEnd) {
        if (chunkEnd != null) {
            events.add(chunkEnd);
        }
        sink.process(List.copyOf(events));
        events.clear();
    }
}
