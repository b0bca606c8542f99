package dev.cdcsync.core.testkit;

import dev.cdcsync.core.pipeline.SourceEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium change events as a PostgreSQL connector shapes them, for driving a pipeline without a server: a table
 * {@code public.<name>} with an {@code id} key (or none) and a {@code v} column, source blocks with LSNs and
 * {@code sequence}, per-partition offsets that grow with each event, and transaction boundaries.
 */
public final class FakeSource {

    private static final Schema KEY = SchemaBuilder.struct().name("k").field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("row").optional()
            .field("id", Schema.INT32_SCHEMA).field("v", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("t.Envelope").field("before", ROW)
            .field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    private final Map<String, Long> lsn = new HashMap<>();
    private final Map<String, Long> lastCommit = new HashMap<>();

    /** A source partition, as Debezium names one. */
    public static Map<String, String> partition(String name) {
        return Map.of("server", name);
    }

    public SourceEvent insert(String partition, String table, Integer id, String v) {
        return change(partition, table, "c", null, row(id, v));
    }

    public SourceEvent update(String partition, String table, Integer id, String v) {
        return change(partition, table, "u", null, row(id, v));
    }

    public SourceEvent delete(String partition, String table, Integer id, String oldV) {
        return change(partition, table, "d", row(id, oldV), null);
    }

    /** A snapshot row; {@code first} marks the table's first. */
    public SourceEvent snapshotRow(String partition, String table, Integer id, String v, boolean first) {
        long at = lsn.getOrDefault(partition, 100L);
        Struct source = source(table, at, null).put("snapshot", first ? "first" : "true");
        return event(partition, table, envelope("r", null, row(id, v), source), at, id);
    }

    public SourceEvent begin(String partition) {
        return new SourceEvent(null, FakeSource.partition(partition), Map.of("lsn", next(partition)), SourceEvent.Role.TRANSACTION_BEGIN);
    }

    /** The end of a transaction: its commit position becomes the next transaction's "previous commit". */
    public SourceEvent end(String partition) {
        long at = next(partition);
        lastCommit.put(partition, at);
        return new SourceEvent(null, FakeSource.partition(partition), Map.of("lsn", at), SourceEvent.Role.TRANSACTION_END);
    }

    /** What an {@code ExtractNewRecordState} transform leaves: the bare row, no envelope. */
    public SourceEvent unwrapped(String partition, String table, int id) {
        long at = next(partition);
        SourceRecord record = new SourceRecord(partition(partition), Map.of("lsn", at), "srv.public." + table, 3, KEY,
                new Struct(KEY).put("id", id), ROW, row(id, "x"));
        return SourceEvent.change(record, partition(partition), Map.of("lsn", at));
    }

    private SourceEvent change(String partition, String table, String op, Struct before, Struct after) {
        long at = next(partition);
        Long commit = lastCommit.get(partition);
        Struct source = source(table, at, "[" + (commit == null ? "null" : "\"" + commit + "\"") + ",\"" + at + "\"]");
        Struct keyRow = after != null ? after : before;
        return event(partition, table, envelope(op, before, after, source), at, keyRow.getInt32("id"));
    }

    private SourceEvent event(String partition, String table, Struct envelope, long at, Integer id) {
        Map<String, Object> offset = Map.of("lsn", at);
        SourceRecord record = new SourceRecord(partition(partition), offset, "srv.public." + table, null,
                keyed(table) ? KEY : null, keyed(table) ? new Struct(KEY).put("id", id) : null, ENVELOPE, envelope);
        return SourceEvent.change(record, partition(partition), offset);
    }

    /** Tables whose name starts with "nokey" have no primary key. */
    private static boolean keyed(String table) {
        return !table.startsWith("nokey");
    }

    private long next(String partition) {
        long at = lsn.getOrDefault(partition, 100L) + 8;
        lsn.put(partition, at);
        return at;
    }

    private static Struct source(String table, long at, String sequence) {
        return new Struct(SOURCE).put("schema", "public").put("table", table).put("ts_ms", 1L).put("lsn", at)
                .put("sequence", sequence);
    }

    private static Struct envelope(String op, Struct before, Struct after, Struct source) {
        return new Struct(ENVELOPE).put("op", op).put("before", before).put("after", after).put("source", source);
    }

    private static Struct row(Integer id, String v) {
        return new Struct(ROW).put("id", id).put("v", v);
    }
}
