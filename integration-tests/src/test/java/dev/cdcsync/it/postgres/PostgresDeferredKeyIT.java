package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.postgres.PostgresWriterFactory;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.buffer.TableBatch.Clearing;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.it.harness.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL writer sets a table's primary key aside while a snapshot fills the emptied table, and builds it
 * once over the rows: back when anything but new rows comes for the table, when the snapshot ends, and after a
 * crash that left it aside; never for a table with other indexes, which the key would not be the only one to slow.
 */
class PostgresDeferredKeyIT {

    private static final TableId TABLE = TableId.of(null, "filled");
    private static final TableSchema SCHEMA = new TableSchema(TABLE, List.of(
            new Column("id", ColumnType.of(Kind.INT64), false),
            new Column("note", ColumnType.of(Kind.STRING), true)), List.of("id"));
    private static final int ROWS = 500;

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void theKeyIsAsideWhileTheSnapshotFillsTheTableAndBackWhenItEnds() throws Exception {
        String db = server.createDatabase("deferred");
        try (TargetWriter writer = writer(db); Connection c = server.connect(db)) {
            createAndStartLoading(writer);
            assertThat(primaryKey(c)).as("set aside while the snapshot fills the table").isEmpty();
            assertThat(writer.describe(TABLE).orElseThrow().primaryKey()).as("what the writer says").containsExactly("id");
            write(writer, new TableBatch(SCHEMA, Clearing.NONE, List.of(), rows(ROWS, 2 * ROWS, Op.READ), List.of(), true));
            assertThat(primaryKey(c)).isEmpty();

            write(writer, new TableBatch(SCHEMA, Clearing.NONE, List.of(), List.of(), List.of(), false)); // the end
            assertThat(primaryKey(c)).containsExactly("id");
            assertThat(constraintName(c)).isEqualTo("filled_pkey");
            assertThat(count(c, "filled")).isEqualTo(2 * ROWS);
            assertThat(count(c, "cdc_sync_deferred_keys")).as("nothing left aside").isZero();
        }
    }

    @Test
    void aStreamedChangeBringsTheKeyBackBeforeItIsApplied() throws Exception {
        String db = server.createDatabase("deferred");
        try (TargetWriter writer = writer(db); Connection c = server.connect(db)) {
            createAndStartLoading(writer);
            write(writer, new TableBatch(SCHEMA, Clearing.NONE, List.of(delete(7)), rows(3, 4, Op.UPDATE), List.of(), false));
            assertThat(primaryKey(c)).containsExactly("id");
            assertThat(count(c, "filled")).isEqualTo(ROWS - 1);
            assertThat(note(c, 3)).isEqualTo("UPDATE 3");
        }
    }

    /** A crash with the key aside: the next writer says the table has its key and builds it in its first batch. */
    @Test
    void aKeyLeftAsideByACrashIsBuiltByTheNextWritersFirstBatch() throws Exception {
        String db = server.createDatabase("deferred");
        try (TargetWriter writer = writer(db)) {
            createAndStartLoading(writer);
        }
        try (TargetWriter writer = writer(db); Connection c = server.connect(db)) {
            assertThat(primaryKey(c)).isEmpty();
            assertThat(writer.describe(TABLE).orElseThrow().primaryKey()).containsExactly("id");
            write(writer, new TableBatch(SCHEMA, Clearing.NONE, List.of(), rows(ROWS - 1, ROWS + 1, Op.READ), List.of(), false));
            assertThat(primaryKey(c)).containsExactly("id");
            assertThat(count(c, "filled")).isEqualTo(ROWS + 1);
            assertThat(count(c, "cdc_sync_deferred_keys")).isZero();
        }
    }

    @Test
    void aTableWithAnotherIndexKeepsItsKeyWhileTheSnapshotFillsIt() throws Exception {
        String db = server.createDatabase("deferred");
        try (TargetWriter writer = writer(db); Connection c = server.connect(db)) {
            writer.apply(new SchemaChange.CreateTable(SCHEMA));
            try (Statement st = c.createStatement()) {
                st.execute("CREATE INDEX filled_note ON filled (note)");
            }
            startLoading(writer);
            assertThat(primaryKey(c)).containsExactly("id");
            assertThat(count(c, "filled")).isEqualTo(ROWS);
        }
    }

    /** The table created, then the first batch of its snapshot: the table emptied and {@link #ROWS} new rows. */
    private static void createAndStartLoading(TargetWriter writer) {
        writer.apply(new SchemaChange.CreateTable(SCHEMA));
        startLoading(writer);
    }

    private static void startLoading(TargetWriter writer) {
        write(writer, new TableBatch(SCHEMA, Clearing.SNAPSHOT_START, List.of(), rows(0, ROWS, Op.READ), List.of(), true));
    }

    private static void write(TargetWriter writer, TableBatch batch) {
        Checkpoint checkpoint = new Checkpoint(List.of(new Checkpoint.Entry(Map.of("p", 1), Map.of("n", System.nanoTime()))));
        writer.write(new WriteBatch("deferred", List.of(batch), checkpoint)).toCompletableFuture().join();
    }

    private TargetWriter writer(String db) {
        return new PostgresWriterFactory().create(
                new PostgresTargetSettings(server.jdbcUrl(db), "postgres", new Secret(""), "public"), "deferred");
    }

    private static List<DataChange> rows(int from, int to, Op op) {
        List<DataChange> out = new ArrayList<>();
        for (int id = from; id < to; id++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) id);
            row.put("note", op + " " + id);
            out.add(new DataChange(op, TABLE, RowKey.of(List.of("id"), row), null, row, position(id)));
        }
        return out;
    }

    private static DataChange delete(int id) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("id", (long) id);
        return new DataChange(Op.DELETE, TABLE, RowKey.of(List.of("id"), key), key, null, position(id));
    }

    private static SourcePosition position(int id) {
        return new SourcePosition("test " + id, ChangeVersion.NONE, "test " + id, 0, null);
    }

    private static List<String> primaryKey(Connection c) throws SQLException {
        return PostgresServer.primaryKey(c, "public.filled");
    }

    private static String constraintName(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'public.filled'::regclass AND contype = 'p'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String note(Connection c, long id) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT note FROM filled WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
