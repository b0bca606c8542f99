package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.cdcsync.it.harness.PostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PostgreSQL writer's COPY of a large batch: binary up to the first row with a value that has no binary form in
 * its column, COPY text for the rest, in one transaction. Every row lands, each value as its text would give it.
 */
class PostgresBulkCopyIT {

    private static final TableId TABLE = TableId.of(null, "bulk");
    private static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(
            new Column("id", ColumnType.of(Kind.INT64), false),
            new Column("amount", ColumnType.decimal(12, 2), true),
            new Column("at", ColumnType.of(Kind.TIMESTAMP), true),
            new Column("note", ColumnType.of(Kind.STRING), true)), List.of("id"));
    private static final int ROWS = 300;
    /** The row whose time has nanoseconds: no binary form, so it and the 129 rows after it go as text. */
    private static final int TEXT_FROM = 170;

    /** @param newRows whether the rows go straight into the table (a snapshot's), else through the staged merge */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void rowsAfterOneWithoutABinaryFormGoAsTextAndEveryRowLands(boolean newRows) throws Exception {
        PostgresServer server = PostgresServer.shared();
        String db = server.createDatabase("bulk");
        try (TargetWriter writer = new PostgresWriterFactory().create(
                new PostgresTargetSettings(server.jdbcUrl(db), "postgres", new Secret(""), "public"), "bulk")) {
            writer.apply(new SchemaChange.CreateTable(SCHEMA));
            List<DataChange> upserts = new ArrayList<>();
            for (int id = 0; id < ROWS; id++) {
                upserts.add(row(id));
            }
            Checkpoint checkpoint = new Checkpoint(List.of(new Checkpoint.Entry(Map.of("bulk", 1), Map.of("row", ROWS))));
            TableBatch batch = new TableBatch(SCHEMA, TableBatch.Clearing.NONE, List.of(), upserts, List.of(), newRows);
            writer.write(new WriteBatch("bulk", List.of(batch), checkpoint)).toCompletableFuture().join();
        }
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, amount::text, at::text, note FROM bulk ORDER BY id")) {
            int id = 0;
            while (rs.next()) {
                assertThat(rs.getLong(1)).isEqualTo(id);
                assertThat(rs.getString(2)).isEqualTo(BigDecimal.valueOf(id * 101L, 2).toPlainString());
                // PostgreSQL rounds the nanoseconds of the text row to microseconds, as it would any text.
                assertThat(rs.getString(3)).isEqualTo(id == TEXT_FROM ? "2024-03-01 12:00:00" : "2024-03-01 12:00:00." + micros(id));
                assertThat(rs.getString(4)).isEqualTo(id % 7 == 0 ? null : "row\t" + id + " \\ é");
                id++;
            }
            assertThat(id).as("rows in the target").isEqualTo(ROWS);
        }
    }

    private static String micros(int id) {
        return String.format("%06d", id + 1).replaceAll("0+$", "");
    }

    private static DataChange row(int id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", (long) id);
        row.put("amount", BigDecimal.valueOf(id * 101L, 2));
        row.put("at", id == TEXT_FROM ? LocalDateTime.of(2024, 3, 1, 12, 0, 0, 1)
                : LocalDateTime.of(2024, 3, 1, 12, 0, 0, (id + 1) * 1000));
        row.put("note", id % 7 == 0 ? null : "row\t" + id + " \\ é");
        return new DataChange(DataChange.Op.INSERT, TABLE, RowKey.of(List.of("id"), row), null, row,
                new SourcePosition("test row " + id, dev.cdcsync.core.model.ChangeVersion.NONE, "test row " + id, 0, null));
    }
}
