package dev.cdcsync.core.decode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Values;

/**
 * The old key of a primary-key change as it reaches a Kafka Connect sink. Debezium puts the key struct in the
 * {@code __debezium.oldkey} header; through Kafka, the source worker's header converter writes it as text
 * ({@code {"id":5,"code":"x"}} by default) and the sink's hands it over as bytes, text or a map. Read back into a
 * struct of the record's key schema where every field comes back exactly (whole numbers, floating point, booleans,
 * plain text); otherwise not at all, rather than a key that might name another row.
 */
final class OldKeyText {

    private OldKeyText() {
    }

    /** @return the old key as a struct of {@code keySchema}, or null when it cannot be read back exactly */
    static Struct struct(Object header, Schema keySchema) {
        if (keySchema == null || keySchema.type() != Schema.Type.STRUCT) {
            return null;
        }
        Map<?, ?> fields = header instanceof Map<?, ?> map ? map
                : header instanceof byte[] bytes ? parse(new String(bytes, StandardCharsets.UTF_8))
                : header instanceof String text ? parse(text) : null;
        if (fields == null) {
            return null;
        }
        Struct key = new Struct(keySchema);
        for (Field field : keySchema.fields()) {
            Object value = exact(field.schema(), fields.get(field.name()));
            if (value == null) {
                return null;
            }
            key.put(field, value);
        }
        return key;
    }

    private static Map<?, ?> parse(String text) {
        try {
            SchemaAndValue parsed = Values.parseString(text);
            return parsed.value() instanceof Map<?, ?> map ? map : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The value in the field's own type, or null when that cannot be told for sure. */
    private static Object exact(Schema schema, Object value) {
        if (schema.name() != null && schema.name().startsWith("org.apache.kafka.connect.data.")) {
            return null; // Connect's logical types (decimal, date, time, timestamp) are written in other shapes
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> value instanceof Number n && !(value instanceof java.math.BigDecimal)
                    ? whole(schema.type(), n.longValue()) : null;
            case FLOAT32 -> value instanceof Number n ? n.floatValue() : null;
            case FLOAT64 -> value instanceof Number n ? n.doubleValue() : null;
            case BOOLEAN -> value instanceof Boolean b ? b : null;
            // Text with a backslash comes back with its escapes kept: not the key it was.
            case STRING -> value instanceof String s && s.indexOf('\\') < 0 ? s : null;
            case BYTES, ARRAY, MAP, STRUCT -> null;
        };
    }

    private static Object whole(Schema.Type type, long n) {
        return switch (type) {
            case INT8 -> n == (byte) n ? (Object) (byte) n : null;
            case INT16 -> n == (short) n ? (Object) (short) n : null;
            case INT32 -> n == (int) n ? (Object) (int) n : null;
            default -> n;
        };
    }
}
