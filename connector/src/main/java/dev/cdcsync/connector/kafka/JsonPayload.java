package dev.cdcsync.connector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * A JSON payload to its Connect value under a known schema, by the rules of Kafka Connect's {@code JsonConverter}
 * (tested value for value against it). What those rules would refuse, or what this class does not know as well,
 * throws {@link NotHandled}, and the caller hands the whole record to {@code JsonConverter}.
 */
final class JsonPayload {

    /** This record is left to {@code JsonConverter}. */
    static final class NotHandled extends RuntimeException {
        NotHandled() {
            super(null, null, false, false);
        }
    }

    private static final NotHandled NOT_HANDLED = new NotHandled();

    private JsonPayload() {
    }

    static Object toConnect(Schema schema, JsonNode value, boolean replaceNullWithDefault) {
        if (value == null || value.isNull()) {
            if (schema.defaultValue() != null && replaceNullWithDefault) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            throw NOT_HANDLED;
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME -> {
                    return Decimal.toLogical(schema, bytes(value));
                }
                case Date.LOGICAL_NAME -> {
                    return Date.toLogical(schema, intValue(value));
                }
                case Time.LOGICAL_NAME -> {
                    return Time.toLogical(schema, intValue(value));
                }
                case Timestamp.LOGICAL_NAME -> {
                    if (!value.isIntegralNumber()) {
                        throw NOT_HANDLED;
                    }
                    return Timestamp.toLogical(schema, value.longValue());
                }
                default -> {
                    // not a logical type JsonConverter knows: its plain type follows
                }
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> value.booleanValue();
            case INT8 -> (byte) value.intValue();
            case INT16 -> (short) value.intValue();
            case INT32 -> value.intValue();
            case INT64 -> value.longValue();
            case FLOAT32 -> value.floatValue();
            case FLOAT64 -> value.doubleValue();
            case STRING -> value.textValue();
            case BYTES -> bytes(value);
            case ARRAY -> array(schema, value, replaceNullWithDefault);
            case MAP -> map(schema, value, replaceNullWithDefault);
            case STRUCT -> struct(schema, value, replaceNullWithDefault);
        };
    }

    private static int intValue(JsonNode value) {
        if (!value.isInt()) {
            throw NOT_HANDLED;
        }
        return value.intValue();
    }

    /** Base64 text, as JsonConverter writes bytes and (by default) decimals. */
    private static byte[] bytes(JsonNode value) {
        if (!value.isTextual() && !value.isBinary()) {
            throw NOT_HANDLED;
        }
        try {
            return value.binaryValue();
        } catch (IOException | DataException e) {
            throw NOT_HANDLED;
        }
    }

    private static List<Object> array(Schema schema, JsonNode value, boolean replaceNullWithDefault) {
        if (!value.isArray()) {
            throw NOT_HANDLED;
        }
        List<Object> list = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            list.add(toConnect(schema.valueSchema(), element, replaceNullWithDefault));
        }
        return list;
    }

    private static Map<Object, Object> map(Schema schema, JsonNode value, boolean replaceNullWithDefault) {
        Map<Object, Object> map = new HashMap<>();
        if (schema.keySchema().type() == Schema.Type.STRING) {
            if (!value.isObject()) {
                throw NOT_HANDLED;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), toConnect(schema.valueSchema(), e.getValue(), replaceNullWithDefault));
            }
            return map;
        }
        if (!value.isArray()) {
            throw NOT_HANDLED;
        }
        for (JsonNode pair : value) {
            if (!pair.isArray() || pair.size() != 2) {
                throw NOT_HANDLED;
            }
            map.put(toConnect(schema.keySchema(), pair.get(0), replaceNullWithDefault),
                    toConnect(schema.valueSchema(), pair.get(1), replaceNullWithDefault));
        }
        return map;
    }

    private static Struct struct(Schema schema, JsonNode value, boolean replaceNullWithDefault) {
        if (!value.isObject()) {
            throw NOT_HANDLED;
        }
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
            struct.put(field, toConnect(field.schema(), value.get(field.name()), replaceNullWithDefault));
        }
        return struct;
    }
}
