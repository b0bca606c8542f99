package dev.cdcsync.connector.source;

import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.pipeline.SourceEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * One {@link PgLoadChunk} read with binary {@code COPY} in the connection's transaction (the snapshot it reads under),
 * its rows converted as the streaming path converts them (the fields in a binary form when first read; see
 * {@link PgLoadCatalog}) and handed on in lists of the batch size, never a whole table in memory. A row whose value
 * cannot be read is handed on as unreadable: to the dead letters, or it stops the pipeline naming table, key and
 * position.
 */
final class PgChunkCopy {

    private final PgLoadChunk chunk;
    private final SourcePosition position;
    private final RowValues.Columns shape;
    private final int batchRows;
    private final Consumer<List<SourceEvent>> handOver;
    private final List<SourceEvent> events = new ArrayList<>();
    private int rows;

    /**
     * @param snapshot  the load's position text (the slot's consistent point)
     * @param batchRows rows per hand-over
     */
    PgChunkCopy(PgLoadChunk chunk, String snapshot, int batchRows, Consumer<List<SourceEvent>> handOver) {
        this.chunk = chunk;
        // Each chunk's rows are numbered from 0: the block in the position keeps their change ids apart.
        String at = snapshot + (chunk.start() > 0 || !chunk.last() ? " from block " + chunk.start() : "");
        this.position = new SourcePosition(at, ChangeVersion.NONE, at, 0, null);
        this.shape = RowValues.Columns.of(chunk.table().schema(), chunk.table());
        this.batchRows = batchRows;
        this.handOver = handOver;
    }

    /**
     * Reads the chunk; stops early, between two hand-overs, once {@code stopping} says so.
     *
     * @return the rows read
     */
    long run(Connection c, BooleanSupplier stopping) throws SQLException {
        PgLoadCatalog table = chunk.table();
        String sql = "COPY (SELECT " + table.fields().stream().map(PgLoadField::select).collect(Collectors.joining(", "))
                + " FROM " + PgCatalog.quote(table.schema().id()) + chunk.where() + ") TO STDOUT (FORMAT binary)";
        CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        try {
            PgCopyRows copied = new PgCopyRows(out, table.fields().size());
            while (copied.next()) {
                add(copied);
                if (events.size() >= batchRows) {
                    if (stopping.getAsBoolean()) {
                        return rows;
                    }
                    handOver();
                }
            }
            handOver();
            return rows;
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    private void add(PgCopyRows copied) {
        PgLoadCatalog table = chunk.table();
        List<PgLoadField> fields = table.fields();
        byte[] b = copied.buffer();
        RowValues row = new RowValues(shape);
        row.setEncoded(b, copied.rowStart()); // fields in a binary form: decoded when read, if ever
        RuntimeException failed = null;
        int failedAt = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).oid() != 0) {
                continue;
            }
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
            dev.cdcsync.core.model.Column column = table.schema().columns().get(failedAt);
            events.add(SourceEvent.unreadable(new DecodeException("initial load of " + table.schema().id() + ", key "
                    + keyText(key, row) + ", " + at.description() + " row " + rows, "column " + column.name()
                    + " (" + column.type() + "): cannot read '"
                    + fields.get(failedAt).show(b, copied.offset(failedAt), copied.length(failedAt)) + "': "
                    + failed.getMessage(), failed)));
            rows++;
            return;
        }
        DataChange change = new DataChange(DataChange.Op.READ, table.schema().id(),
                key.isEmpty() ? null : RowKey.of(key, row), null, row, at);
        events.add(SourceEvent.loaded(new DecodedChange(change, table.schema(), false), null, null));
        rows++;
    }

    private static String keyText(List<String> key, Map<String, Object> row) {
        return !key.isEmpty() && row.keySet().containsAll(key)
                ? key.stream().map(k -> k + "=" + row.get(k)).collect(Collectors.joining(", "))
                : "(none)";
    }

    private void handOver() {
        if (!events.isEmpty()) {
            handOver.accept(List.copyOf(events));
            events.clear();
        }
    }
}
