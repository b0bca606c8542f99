package dev.cdcsync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/** The converter reads every record exactly as Kafka Connect's JsonConverter does, value for value. */
class SchemaCachingJsonConverterTest {

    private static final Schema ROW = SchemaBuilder.struct().name("db.public.t.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA).field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.OPTIONAL_INT32_SCHEMA).field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA).field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA).field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("amount", Decimal.builder(2).optional().parameter("connect.decimal.precision", "12").build())
            .field("day", Date.builder().optional().build()).field("at", Time.builder().optional().build())
            .field("ts", Timestamp.builder().optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build())
            .field("codes", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).optional().build())
            .field("state", SchemaBuilder.string().optional().defaultValue("new").build())
            .field("geo", SchemaBuilder.struct().name("io.debezium.data.geometry.Point").optional()
                    .field("x", Schema.FLOAT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA).build())
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("db.public.t.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    @Test
    void readsDebeziumChangeEventsAsJsonConverterDoesWhetherTheSchemaIsCachedOrNot() throws Exception {
        JsonConverter json = converter(Map.of());
        SchemaCachingJsonConverter fast = fast(Map.of());
        for (Struct event : List.of(event(1, true), event(2, false), event(3, true))) {
            byte[] bytes = json.fromConnectData("t", ENVELOPE, event);
            assertThat(fast.toConnectData("t", bytes)).isEqualTo(json.toConnectData("t", bytes));
            assertThat(fast.read("t", bytes)).as("read without JsonConverter's help, once the schema is known").isEqualTo(json.toConnectData("t", bytes));
        }
        Schema other = SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();
        byte[] key = json.fromConnectData("t", other, new Struct(other).put("id", 7L));
        assertThat(fast.toConnectData("t", key)).isEqualTo(json.toConnectData("t", key));
    }

    @Test
    void nullsTakeTheFieldsDefaultUnlessToldNotTo() {
        for (Map<String, String> settings : List.of(Map.<String, String>of(), Map.of("replace.null.with.default", "false"))) {
            byte[] bytes = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":true,\"default\":\"new\",\"field\":\"state\"}],\"optional\":false},\"payload\":{\"state\":null}}"
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(fast(settings).toConnectData("t", bytes)).isEqualTo(converter(settings).toConnectData("t", bytes));
        }
    }

    @Test
    void whatItDoesNotReadItselfGetsJsonConvertersOwnAnswerOrError() {
        JsonConverter json = converter(Map.of());
        SchemaCachingJsonConverter fast = fast(Map.of());
        // Numbers for decimals, a payload before its schema, no schema, a tombstone.
        JsonConverter numeric = converter(Map.of("decimal.format", "NUMERIC"));
        byte[] decimal = numeric.fromConnectData("t", ENVELOPE, event(4, true));
        assertThat(fast.toConnectData("t", decimal)).isEqualTo(json.toConnectData("t", decimal));
        for (String text : List.of("{\"payload\":5,\"schema\":{\"type\":\"int32\"}}", "{\"schema\":null,\"payload\":{\"a\":1}}")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(fast.toConnectData("t", bytes)).isEqualTo(json.toConnectData("t", bytes));
        }
        assertThat(fast.toConnectData("t", null)).isEqualTo(json.toConnectData("t", null));
        for (String bad : List.of("{\"payload\":5}", "not json", "{\"schema\":{\"type\":\"int32\"},\"payload\":null}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> json.toConnectData("t", bytes)).isInstanceOf(DataException.class);
            assertThatThrownBy(() -> fast.toConnectData("t", bytes)).isInstanceOf(DataException.class);
        }
    }

    private static Struct event(long id, boolean full) {
        Struct row = new Struct(ROW).put("id", id);
        if (full) {
            row.put("i8", (byte) -3).put("i16", (short) 300).put("i32", 70_000).put("f32", 1.5f).put("f64", -2.25)
                    .put("flag", true).put("text", "zoë \"quoted\"").put("raw", new byte[] {0, 1, (byte) 255})
                    .put("amount", new BigDecimal("-1234.50")).put("day", Date.toLogical(Date.SCHEMA, 19_000))
                    .put("at", Time.toLogical(Time.SCHEMA, 3_600_000)).put("ts", Timestamp.toLogical(Timestamp.SCHEMA, 1_700_000_000_123L))
                    .put("tags", List.of("a", "b")).put("attrs", java.util.Collections.singletonMap("k", null))
                    .put("codes", Map.of(1, "one", 2, "two")).put("state", "old")
                    .put("geo", new Struct(ROW.field("geo").schema()).put("x", 1.0).put("y", 2.0));
        }
        return new Struct(ENVELOPE).put("after", row).put("op", full ? "c" : "u").put("ts_ms", 99L)
                .put("source", new Struct(SOURCE).put("db", "db").put("table", "t").put("lsn", id * 10));
    }

    private static JsonConverter converter(Map<String, String> settings) {
        JsonConverter json = new JsonConverter();
        json.configure(settings, false);
        return json;
    }

    private static SchemaCachingJsonConverter fast(Map<String, String> settings) {
        SchemaCachingJsonConverter fast = new SchemaCachingJsonConverter();
        fast.configure(settings, false);
        return fast;
    }
}
