package dev.cdcsync.it.bench;

import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.postgres.PostgresWriterFactory;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A writer with no capture in front of it: rows shaped like the benchmark table, written in batches of the size the
 * engine delivers. Separates write cost from capture cost.
 */
final class WriterAlone {

    private static final TableId TABLE = TableId.of(null, "writer_alone");
    private static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(
            new Column("id", ColumnType.of(Kind.INT64), false),
            new Column("c_int", ColumnType.of(Kind.INT32), true),
            new Column("c_bigint", ColumnType.of(Kind.INT64), true),
            new Column("c_text", ColumnType.of(Kind.STRING), true),
            new Column("c_numeric", ColumnType.decimal(12, 2), true),
            new Column("c_ts", ColumnType.of(Kind.TIMESTAMP), true),
            new Column("c_bool", ColumnType.of(Kind.BOOLEAN), true)), List.of("id"));

    private WriterAlone() {
    }

    static TargetWriter postgres(String jdbcUrl) {
        return new PostgresWriterFactory().create(new PostgresTargetSettings(jdbcUrl, "postgres", new Secret(""), "public"),
                "writer_alone");
    }

    /**
     * Rows per second for {@code rows} inserts into an empty table, with a checkpoint per batch as in production (a
     * writer without transactions gets it stored after each batch, as the pipeline does).
     */
    static double insertRate(TargetWriter target, long rows, int batchSize) {
        try (TargetWriter writer = target) {
            writer.apply(new SchemaChange.CreateTable(SCHEMA));
            long start = System.nanoTime();
            writeAll(writer, rows, batchSize, false);
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Rows per second for updating each of {@code rows} rows once, as the benchmark's streamed {@code UPDATE} does
     * ({@code c_int + 1}, {@code c_text || '+'}, the whole row sent): the rows are inserted first, and {@code mark}
     * runs just before the timed updates and just after them (CPU samples).
     */
    static double updateRate(TargetWriter target, long rows, int batchSize, Runnable mark) {
        try (TargetWriter writer = target) {
            writer.apply(new SchemaChange.CreateTable(SCHEMA));
            writeAll(writer, rows, batchSize, false);
            mark.run();
            long start = System.nanoTime();
            writeAll(writer, rows, batchSize, true);
            double rate = rows / ((System.nanoTime() - start) / 1e9);
            mark.run();
            return rate;
        }
    }

    /** Every row, inserted or updated, with a checkpoint per batch (stored after it by a writer without transactions). */
    private static void writeAll(TargetWriter writer, long rows, int batchSize, boolean updates) {
        for (long from = 0; from < rows; from += batchSize) {
            List<DataChange> upserts = new ArrayList<>(batchSize);
            for (long id = from; id < Math.min(rows, from + batchSize); id++) {
                upserts.add(updates ? updated(row(id)) : row(id));
            }
            Checkpoint checkpoint = new Checkpoint(List.of(new Checkpoint.Entry(Map.of("bench", 1),
                    Map.of("row", from, "updates", updates))));
            writer.write(new WriteBatch("writer_alone", List.of(new TableBatch(SCHEMA, TableBatch.Clearing.NONE, List.of(),
                    upserts, List.of())), checkpoint)).toCompletableFuture().join();
            if (!writer.capabilities().transactional()) {
                writer.offsets().save("writer_alone", checkpoint);
            }
        }
    }

    private static DataChange updated(DataChange inserted) {
        Map<String, Object> row = new LinkedHashMap<>(inserted.after());
        row.put("c_int", (Integer) row.get("c_int") + 1);
        row.put("c_text", row.get("c_text") + "+");
        return new DataChange(DataChange.Op.UPDATE, TABLE, inserted.key(), null, row, SourcePosition.UNKNOWN);
    }

    private static DataChange row(long id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("c_int", (int) (id % 1000));
        row.put("c_bigint", id * 31);
        row.put("c_text", "row number " + id);
        row.put("c_numeric", BigDecimal.valueOf(id, 2));
        row.put("c_ts", LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id));
        row.put("c_bool", id % 2 == 0);
        return new DataChange(DataChange.Op.INSERT, TABLE, new RowKey(List.of(id)), null, row, SourcePosition.UNKNOWN);
    }
}
