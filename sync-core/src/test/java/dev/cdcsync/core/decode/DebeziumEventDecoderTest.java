package dev.cdcsync.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.DataChange.Op;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class DebeziumEventDecoderTest {

    private static final Schema KEY = SchemaBuilder.struct().name("k").field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("born", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("seen", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("price", SchemaBuilder.string().optional()
                    .parameter("__debezium.source.column.type", "NUMERIC")
                    .parameter("__debezium.source.column.length", "10")
                    .parameter("__debezium.source.column.scale", "2").build())
            .field("big", SchemaBuilder.string().optional()
                    .parameter("__debezium.source.column.type", "VARCHAR")
                    .parameter("__debezium.source.column.length", "40").build())
            .field("email", SchemaBuilder.string().optional().defaultValue("nobody@example.org").build())
            .optional()
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("source")
            .field("schema", Schema.OPTIONAL_STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("server.public.t.Envelope")
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();

    private final DebeziumEventDecoder decoder = new DebeziumEventDecoder();

    @Test
    void insertDecodesLogicalTypesAndTheSourceTypeOfEachColumn() {
        Struct after = row(7).put("born", 19_000).put("seen", 1_700_000_000_123_456L)
                .put("at", "2024-02-29T13:45:59.123456+02:00").put("price", "12.50").put("big", "x");
        var decoded = decoder.decode(record(envelope("c", null, after))).orElseThrow();

        assertThat(decoded.change().op()).isEqualTo(Op.INSERT);
        assertThat(decoded.change().table().toString()).isEqualTo("public.t");
        assertThat(decoded.change().key().values()).containsExactly(7);
        assertThat(decoded.change().position().description()).isEqualTo("lsn=0/2A");
        assertThat(decoded.change().after())
                .containsEntry("born", LocalDate.ofEpochDay(19_000))
                .containsEntry("seen", LocalDateTime.parse("2023-11-14T22:13:20.123456"))
                .containsEntry("at", OffsetDateTime.parse("2024-02-29T13:45:59.123456+02:00"))
                .containsEntry("price", new BigDecimal("12.50"));
        var schema = decoded.sourceSchema();
        assertThat(schema.primaryKey()).containsExactly("id");
        assertThat(schema.column("price").orElseThrow().type().kind()).isEqualTo(Kind.DECIMAL);
        assertThat(schema.column("price").orElseThrow().type().length()).isEqualTo(10);
        assertThat(schema.column("big").orElseThrow().type().length()).isEqualTo(40);
    }

    @Test
    void theOldKeyOfAPrimaryKeyChangeIsReadFromItsHeaderAsAStructOrAsTheTextKafkaCarries() {
        Schema textKey = SchemaBuilder.struct().name("k2").field("id", Schema.INT32_SCHEMA)
                .field("code", Schema.STRING_SCHEMA).build();
        Struct old = new Struct(textKey).put("id", 5).put("code", "a,b:c");
        Map<String, Object> asMap = new java.util.LinkedHashMap<>(Map.of("id", (byte) 5, "code", "a,b:c"));
        for (Object header : List.of(old, "{\"id\":5,\"code\":\"a,b:c\"}",
                "{\"id\":5,\"code\":\"a,b:c\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), asMap)) {
            assertThat(movedFrom(textKey, header)).as("%s", header).isEqualTo(new dev.cdcsync.core.model.RowKey(List.of(5, "a,b:c")));
        }
        // What cannot be read back exactly names no old key rather than a wrong one.
        assertThat(movedFrom(textKey, "{\"id\":5,\"code\":\"a\\\"b\"}")).isNull();
        assertThat(movedFrom(textKey, "{\"id\":5000000000,\"code\":\"x\"}")).isNull();
        assertThat(movedFrom(textKey, "not a key")).isNull();
    }

    private dev.cdcsync.core.model.RowKey movedFrom(Schema keySchema, Object header) {
        Schema row = SchemaBuilder.struct().name("row2").field("id", Schema.INT32_SCHEMA)
                .field("code", Schema.STRING_SCHEMA).optional().build();
        Schema envelope = SchemaBuilder.struct().name("server.public.t2.Envelope").field("before", row).field("after", row)
                .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
        Struct after = new Struct(row).put("id", 6).put("code", "new");
        Struct value = new Struct(envelope).put("after", after).put("op", "c")
                .put("source", new Struct(SOURCE).put("schema", "public").put("table", "t2").put("lsn", 42L));
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "t2", keySchema,
                new Struct(keySchema).put("id", 6).put("code", "new"), envelope, value);
        record.headers().add(DebeziumEventDecoder.OLD_KEY_HEADER, header, null);
        return decoder.decode(record).orElseThrow().change().movedFrom();
    }

    @Test
    void unchangedToastPlaceholderIsLeftOutOfTheRow() {
        Struct after = row(1).put("big", DebeziumEventDecoder.UNAVAILABLE_VALUE_PLACEHOLDER);
        var change = decoder.decode(record(envelope("u", null, after))).orElseThrow().change();
        assertThat(change.after()).containsKey("id").doesNotContainKey("big");
    }

    @Test
    void nanDecimalBecomesTheSpecialValueNotNull() {
        var change = decoder.decode(record(envelope("c", null, row(1).put("price", "NaN")))).orElseThrow().change();
        assertThat(change.after()).containsEntry("price", dev.cdcsync.core.model.SpecialValue.NAN);
    }

    /** Debezium puts a column's DEFAULT into its schema; Connect would hand it over for a NULL unless asked not to. */
    @Test
    void aNullInAColumnWithADefaultStaysNull() {
        var change = decoder.decode(record(envelope("c", null, row(1)))).orElseThrow().change();
        assertThat(change.after()).containsEntry("email", null);
    }

    @Test
    void deleteTakesItsKeyFromTheOldRow() {
        Struct e = envelope("d", row(9), null);
        var change = decoder.decode(new SourceRecord(Map.of(), Map.of(), "t", KEY, new Struct(KEY).put("id", 9), ENVELOPE, e))
                .orElseThrow().change();
        assertThat(change.op()).isEqualTo(Op.DELETE);
        assertThat(change.key().values()).containsExactly(9);
        assertThat(change.after()).isNull();
    }

    @Test
    void theFirstSnapshotRowOfEachTableIsMarked() {
        Struct first = envelope("r", null, row(1));
        first.getStruct("source").put("snapshot", "first_in_data_collection");
        Struct later = envelope("r", null, row(2));
        later.getStruct("source").put("snapshot", "true");
        assertThat(decoder.decode(record(first)).orElseThrow().startsTableSnapshot()).isTrue();
        assertThat(decoder.decode(record(later)).orElseThrow().startsTableSnapshot()).isFalse();
    }

    @Test
    void truncateHasNoRowAndNoKey() {
        Struct e = new Struct(ENVELOPE).put("source", source()).put("op", "t");
        var decoded = decoder.decode(record(e)).orElseThrow();
        assertThat(decoded.change().op()).isEqualTo(Op.TRUNCATE);
        assertThat(decoded.change().key()).isNull();
        assertThat(decoded.sourceSchema()).isNull();
    }

    @Test
    void heartbeatsAndTombstonesDecodeToNothing() {
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        assertThat(decoder.decode(new SourceRecord(Map.of(), Map.of(), "hb", heartbeat,
                new Struct(heartbeat).put("ts_ms", 1L)))).isEmpty();
        assertThat(decoder.decode(new SourceRecord(Map.of(), Map.of(), "t", KEY, new Struct(KEY).put("id", 1), null, null)))
                .isEmpty();
    }

    @Test
    void binlogVersionsGrowWithinATransactionAndPutSnapshotRowsBelowTheStream() {
        // As MariaDB 11.4 sends them: every row of a transaction has the transaction's pos; the offset counts on.
        Schema binlogSource = SchemaBuilder.struct().field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA).field("pos", Schema.INT64_SCHEMA).field("row", Schema.INT32_SCHEMA)
                .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
        java.util.function.Function<String, Struct> at = file -> new Struct(binlogSource).put("db", "d").put("table", "t")
                .put("file", file).put("pos", 1649L).put("row", 0);
        var snapshot = DebeziumEventDecoder.positionOf(at.apply("bin.000003").put("snapshot", "true"),
                Map.of("file", "bin.000003", "pos", 1649L, "snapshot", "INITIAL"));
        var firstUpdate = DebeziumEventDecoder.positionOf(at.apply("bin.000003"), Map.of("event", 2, "row", 1));
        var secondUpdateOfTheSameRow = DebeziumEventDecoder.positionOf(at.apply("bin.000003"), Map.of("event", 4, "row", 1));
        var secondRowOfAnEvent = DebeziumEventDecoder.positionOf(at.apply("bin.000003"), Map.of("event", 4, "row", 2));
        var nextFile = DebeziumEventDecoder.positionOf(at.apply("bin.000004").put("pos", 4L), Map.of("event", 2, "row", 1));

        assertThat(List.of(snapshot.version(), firstUpdate.version(), secondUpdateOfTheSameRow.version(),
                secondRowOfAnEvent.version(), nextFile.version())).isSorted().doesNotHaveDuplicates();
        assertThat(List.of(snapshot.changeId(), firstUpdate.changeId(), secondUpdateOfTheSameRow.changeId(),
                secondRowOfAnEvent.changeId())).doesNotHaveDuplicates();
        assertThat(firstUpdate.changeId()).isEqualTo("binlog=bin.000003:1649 event 2 row 1");
    }

    @Test
    void aRecordThatIsNotAChangeEventIsRefusedNotSkipped() {
        SourceRecord unwrapped = new SourceRecord(Map.of(), Map.of(), "t", KEY, new Struct(KEY).put("id", 1), ROW, row(1));
        assertThatThrownBy(() -> decoder.decode(unwrapped)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("not a Debezium change event").hasMessageContaining("ExtractNewRecordState");
        SourceRecord schemaless = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, Map.of("id", 1));
        assertThatThrownBy(() -> decoder.decode(schemaless)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("without a schema");
    }

    private static Struct row(int id) {
        return new Struct(ROW).put("id", id);
    }

    private static Struct source() {
        return new Struct(SOURCE).put("schema", "public").put("table", "t").put("ts_ms", 5L).put("lsn", 42L);
    }

    private static Struct envelope(String op, Struct before, Struct after) {
        return new Struct(ENVELOPE).put("before", before).put("after", after).put("source", source()).put("op", op);
    }

    private static SourceRecord record(Struct envelope) {
        Struct key = envelope.getStruct("after") == null ? null : new Struct(KEY).put("id", envelope.getStruct("after").get("id"));
        return new SourceRecord(Map.of(), Map.of(), "t", KEY, key, ENVELOPE, envelope);
    }
}
