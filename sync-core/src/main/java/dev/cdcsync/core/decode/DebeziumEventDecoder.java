package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium change-event envelope (a Connect {@link Struct} with {@code op}, {@code before},
 * {@code after}, {@code source}) to {@link DataChange}, with the change's version and stable id (see
 * {@link DataChange}). Heartbeats, tombstones, schema-change events and logical-decoding messages decode to
 * nothing; their offsets still count for the checkpoint. Any other record is refused with a
 * {@link DecodeException}: a record this decoder does not understand (an unwrapped row, schemaless JSON) must stop
 * the pipeline, never be confirmed unwritten. Not thread-safe: one decoder per pipeline.
 */
public final class DebeziumEventDecoder {

    /** Debezium's default; cdc-sync sets it explicitly so the decoder and the source agree. */
    public static final String UNAVAILABLE_VALUE_PLACEHOLDER = "__debezium_unavailable_value";

    private final String placeholder;
    /** Debezium's header naming the old key on the insert that a primary-key update becomes. */
    static final String OLD_KEY_HEADER = "__debezium.oldkey";

    private final Map<Schema, RowShape> shapes = new IdentityHashMap<>();
    private final Positions positions = new Positions();
    /** The last envelope schema seen, and its fields. */
    private Schema envelopeSchema;
    private Field opField;
    private Field sourceField;
    private Field beforeField;
    private Field afterField;
    private SourceFields sourceFields;

    public DebeziumEventDecoder() {
        this(UNAVAILABLE_VALUE_PLACEHOLDER);
    }

    public DebeziumEventDecoder(String placeholder) {
        this.placeholder = placeholder;
    }

    /**
     * @return the row change, or empty for a record that carries none (heartbeat, tombstone, schema change, message)
     * @throws DecodeException for a record that is not a Debezium change event, or a row that cannot be decoded
     */
    public Optional<DecodedChange> decode(ConnectRecord<?> record) {
        if (record.value() == null || isKnownWithoutRow(record.valueSchema())) {
            return Optional.empty();
        }
        if (!(record.value() instanceof Struct envelope) || !isEnvelope(envelope.schema())) {
            throw new DecodeException("not a Debezium change event (" + shape(record) + "): cdc-sync reads the standard"
                    + " envelope with op, before, after and source; remove transforms that unwrap it (ExtractNewRecordState)"
                    + " and use a converter with schemas");
        }
        Op op = op((String) envelope.get(opField));
        if (op == null) {
            return Optional.empty();
        }
        Struct source = (Struct) envelope.get(sourceField);
        SourceFields fields = sourceFieldsOf(source);
        TableId table = tableOf(fields, source);
        SourcePosition position = positions.next(table, positionOf(fields, source,
                record instanceof SourceRecord sourceRecord ? sourceRecord.sourceOffset() : null));
        if (op == Op.TRUNCATE) {
            return Optional.of(new DecodedChange(new DataChange(op, table, null, null, null, position), null, false));
        }
        try {
            Object connector = SourceFields.get(source, fields.connector());
            boolean binlog = "mysql".equals(connector) || "mariadb".equals(connector);
            Object snapshot = SourceFields.get(source, fields.snapshot());
            return Optional.of(decodeRow(record, envelope, op, table, position, snapshot, binlog));
        } catch (RuntimeException e) {
            throw new DecodeException("cannot decode the " + op + " of " + table + keyText(record) + " at " + position
                    + ": " + e.getMessage(), e);
        }
    }

    /** The record's key as the source gave it ({@code , key id=1}), for an error message; empty without one. */
    private static String keyText(ConnectRecord<?> record) {
        if (!(record.key() instanceof Struct key)) {
            return "";
        }
        StringBuilder s = new StringBuilder(", key ");
        for (Field f : key.schema().fields()) {
            s.append(s.length() > 6 ? ", " : "").append(f.name()).append('=').append(key.getWithoutDefault(f.name()));
        }
        return s.toString();
    }

    /**
     * @param snapshot Debezium's snapshot marker of the record ({@code source.snapshot})
     * @param binlog   the source is MySQL/MariaDB (its TIME is a duration)
     */
    private DecodedChange decodeRow(ConnectRecord<?> record, Struct envelope, Op op, TableId table,
                                    SourcePosition position, Object snapshot, boolean binlog) {
        Schema keySchema = record.keySchema();
        Schema rowSchema = afterField.schema();
        RowShape shape = shapeFor(table, rowSchema, keySchema, binlog);
        Struct before = beforeField == null ? null : (Struct) envelope.get(beforeField);
        Struct after = (Struct) envelope.get(afterField);
        Map<String, Object> beforeRow = before == null ? null : shape.row(before);
        Map<String, Object> afterRow = after == null ? null : shape.row(after);
        var keyRow = op == Op.DELETE ? beforeRow : afterRow;
        var key = shape.schema.hasPrimaryKey() && keyRow != null ? shape.key(keyRow) : null;
        RowKey movedFrom = op == Op.INSERT && key != null ? oldKey(record, shape) : null;
        DataChange change = new DataChange(op, table, key, beforeRow, afterRow, position, movedFrom);
        return new DecodedChange(change, shape.schema, startsTableSnapshot(op, snapshot), endsSnapshot(op, snapshot));
    }

    /** Debezium's header on the insert half of a primary-key change: the row's key before the change. */
    private static RowKey oldKey(ConnectRecord<?> record, RowShape shape) {
        var header = record.headers().lastWithName(OLD_KEY_HEADER);
        if (header == null) {
            return null;
        }
        if (header.value() instanceof Struct old) {
            return shape.key(old);
        }
        Struct fromText = OldKeyText.struct(header.value(), record.keySchema()); // through Kafka: text, bytes or a map
        return fromText == null ? null : shape.key(fromText);
    }

    /**
     * Debezium's records that carry no row: heartbeats, schema-change events (when a connector emits them) and
     * transaction boundaries (the entry point reads those before the decoder; here they only move offsets).
     */
    private static boolean isKnownWithoutRow(Schema schema) {
        String name = schema == null ? null : schema.name();
        return name != null && (name.equals("io.debezium.connector.common.Heartbeat") || name.endsWith(".SchemaChangeValue")
                || name.equals("io.debezium.connector.common.TransactionMetadataValue"));
    }

    private static String shape(ConnectRecord<?> record) {
        Object value = record.value();
        if (value instanceof Struct s) {
            return "a struct" + (s.schema().name() == null ? "" : " named " + s.schema().name()) + " with fields "
                    + s.schema().fields().stream().map(Field::name).toList();
        }
        return "a value of type " + value.getClass().getSimpleName() + (record.valueSchema() == null ? " without a schema" : "");
    }

    /** Debezium marks the first snapshot row of each table ("first", then "first_in_data_collection"). */
    private static boolean startsTableSnapshot(Op op, Object marker) {
        return op == Op.READ && ("first".equals(marker) || "first_in_data_collection".equals(marker));
    }

    /** Debezium marks the last row of the whole snapshot "last". */
    private static boolean endsSnapshot(Op op, Object marker) {
        return op == Op.READ && "last".equals(marker);
    }

    /** Whether the schema is Debezium's envelope; its fields are looked up once per schema (Debezium reuses them). */
    private boolean isEnvelope(Schema schema) {
        if (schema != envelopeSchema) {
            opField = schema.field("op");
            sourceField = schema.field("source");
            beforeField = schema.field("before");
            afterField = schema.field("after");
            envelopeSchema = schema;
        }
        return opField != null && sourceField != null && afterField != null;
    }

    private SourceFields sourceFieldsOf(Struct source) {
        if (sourceFields == null || sourceFields.schema() != source.schema()) {
            sourceFields = SourceFields.of(source.schema());
        }
        return sourceFields;
    }

    private RowShape shapeFor(TableId table, Schema rowSchema, Schema keySchema, boolean binlog) {
        RowShape shape = shapes.get(rowSchema);
        if (shape == null || shape.keySchema != keySchema || !shape.schema.id().equals(table)) {
            if (shapes.size() > 10_000) {
                shapes.clear(); // bound the cache; shapes are cheap to rebuild
            }
            shape = new RowShape(table, rowSchema, keySchema, placeholder, binlog);
            shapes.put(rowSchema, shape);
        }
        return shape;
    }

    /** Numbers consecutive changes of one table that share a position, so each gets an id of its own. */
    private static final class Positions {
        private TableId table;
        private String id;
        private int count;

        SourcePosition next(TableId of, SourcePosition position) {
            if (of.equals(table) && position.changeId().equals(id)) {
                return position.nth(++count);
            }
            table = of;
            id = position.changeId();
            count = 0;
            return position;
        }
    }

    private static Op op(String code) {
        return switch (code) {
            case "r" -> Op.READ;
            case "c" -> Op.INSERT;
            case "u" -> Op.UPDATE;
            case "d" -> Op.DELETE;
            case "t" -> Op.TRUNCATE;
            default -> null; // "m": logical-decoding messages are not row changes
        };
    }

    private static TableId tableOf(SourceFields f, Struct source) {
        String namespace = SourceFields.string(source, f.namespace());
        if (namespace == null) {
            namespace = SourceFields.string(source, f.db());
        }
        return TableId.of(namespace, f.table() == null ? source.getString("table") : (String) source.get(f.table()));
    }

    /**
     * The position with the version and id {@link DataChange} documents; rows sharing it are numbered by
     * {@link Positions}.
     *
     * @param offset the record's source offset (the embedded engine has it; a Kafka record does not): a binlog
     *               offset counts the events and rows since its transaction began, which the source block lacks
     */
    static SourcePosition positionOf(Struct source, Map<String, ?> offset) {
        return positionOf(SourceFields.of(source.schema()), source, offset);
    }

    private static SourcePosition positionOf(SourceFields f, Struct source, Map<String, ?> offset) {
        long ts = SourceFields.get(source, f.tsMs()) instanceof Number n ? n.longValue() : 0;
        Object lsn = SourceFields.get(source, f.lsn());
        Object txId = SourceFields.get(source, f.txId());
        String tx = txId != null ? String.valueOf(txId) : SourceFields.string(source, f.gtid());
        Object snapshotMarker = SourceFields.get(source, f.snapshot());
        boolean snapshot = snapshotMarker != null && !"false".equals(snapshotMarker);
        if (lsn instanceof Long l) {
            ChangeVersion version = snapshot ? ChangeVersion.NONE
                    : ChangeVersion.postgres(previousCommit(SourceFields.string(source, f.sequence())), l);
            String at = (snapshot ? "snapshot lsn=" : "lsn=") + SourcePosition.pgLsn(l); // a change's LSN is its own, bar multi-row inserts
            return new SourcePosition(at, version, at, ts, tx);
        }
        String file = SourceFields.string(source, f.file());
        if (file != null) {
            // pos is where the transaction began; within it, the offset's events and rows to skip grow with each row.
            long pos = ((Number) SourceFields.get(source, f.pos())).longValue();
            long event = offset != null && offset.get("event") instanceof Number n ? n.longValue() : 0;
            long row = offset != null && offset.get("row") instanceof Number n ? n.longValue()
                    : SourceFields.get(source, f.row()) instanceof Number n ? n.longValue() : 0;
            ChangeVersion version = ChangeVersion.binlog(binlogFileNumber(file), pos, event, row, snapshot);
            String at = (snapshot ? "snapshot binlog=" : "binlog=") + file + ":" + pos + " event " + event + " row " + row;
            return new SourcePosition(at, version, at, ts, tx);
        }
        return new SourcePosition("ts_ms=" + ts, ChangeVersion.NONE, "ts_ms=" + ts, ts, tx);
    }

    /** The first element of PostgreSQL's {@code source.sequence}, {@code ["<previous commit LSN>","<LSN>"]}; 0 if null. */
    private static long previousCommit(String sequence) {
        if (sequence == null) {
            return 0;
        }
        int comma = sequence.indexOf(',');
        String first = sequence.substring(sequence.indexOf('[') + 1, comma < 0 ? sequence.length() : comma).trim();
        return first.equals("null") || first.isEmpty() ? 0 : Long.parseLong(first.replace("\"", ""));
    }

    /** The number in a binlog file's name ({@code mysql-bin.000042}: 42), 0 if it has none. */
    static long binlogFileNumber(String file) {
        int dot = file.lastIndexOf('.');
        if (dot >= 0) {
            try {
                return Long.parseLong(file.substring(dot + 1));
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

}
