package dev.cdcsync.connector.mongodb;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.GeoPoint;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import dev.cdcsync.core.model.SubMilliseconds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * A value of the portable model as a BSON value, exactly (the README's type table says the same):
 * integers as int32/int64; decimals as Decimal128 when it holds them exactly, else as their decimal text; NaN and
 * infinities as Decimal128's or double's own; dates as BSON dates at midnight UTC; timestamps as BSON dates, and since
 * a BSON date holds milliseconds, a column finer than that also gets a {@link #MICROS} field with the rest (or, with
 * {@code timestamps: text}, and always inside arrays, is ISO-8601 text): nothing is cut silently; times, intervals
 * (ISO-8601 durations) and network, range and geometric types as text; uuid as BSON UUID (subtype 4); json as embedded
 * documents and arrays (or its text, with {@code json: text}); bytes as binary; arrays as arrays; points as GeoJSON.
 */
final class MongoValues {

    /** The suffix of the field holding a timestamp's microseconds within its millisecond (0-999). */
    static final String MICROS = "__micros";

    /** Every option at its default. */
    static final MongoValues DEFAULT = new MongoValues(false, false);

    private final boolean timestampsAsText;
    private final boolean jsonAsText;

    MongoValues(boolean timestampsAsText, boolean jsonAsText) {
        this.timestampsAsText = timestampsAsText;
        this.jsonAsText = jsonAsText;
    }

    static MongoValues of(MongoTargetSettings settings) {
        return new MongoValues(settings.timestamps().equals("text"), settings.json().equals("text"));
    }

    /** Numbers read as written: 1.10 stays 1.10 (Jackson's tree would strip the zero by default). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    /** Whether a column of this type gets a {@link #MICROS} field beside its own. */
    boolean hasMicrosField(ColumnType type) {
        return !timestampsAsText && SubMilliseconds.finerThanMillis(type);
    }

    Object toBson(Object value, ColumnType type) {
        return convert(value, type, false);
    }

    private Object convert(Object value, ColumnType type, boolean inArray) {
        if (value == null) {
            return null;
        }
        if (value instanceof SpecialValue special) {
            return special(special, type);
        }
        return switch (type.kind()) {
            case BOOLEAN, FLOAT64 -> value;
            case INT16, INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).doubleValue();
            case DECIMAL -> decimal((BigDecimal) value);
            case STRING, CHAR, ENUM, BITS, GEOMETRY, NATIVE -> value.toString();
            case BYTES -> new Binary((byte[]) value);
            case DATE -> Date.from(((LocalDate) value).atStartOfDay(ZoneOffset.UTC).toInstant());
            case TIMESTAMP -> timestamp(((LocalDateTime) value).toInstant(ZoneOffset.UTC), type, inArray);
            case TIMESTAMP_TZ -> timestamp(((OffsetDateTime) value).toInstant(), type, inArray);
            case TIME, TIME_TZ -> value.toString();
            case INTERVAL -> value instanceof Interval i ? isoDuration(i) : value.toString();
            case UUID -> UUID.fromString(value.toString());
            case JSON -> jsonAsText ? value.toString() : json(value.toString());
            case POINT -> point((GeoPoint) value);
            case ARRAY -> array((List<?>) value, type.element());
        };
    }

    private static Object special(SpecialValue special, ColumnType type) {
        if (type.kind() == Kind.DECIMAL) {
            return switch (special) {
                case NAN -> Decimal128.NaN;
                case POSITIVE_INFINITY -> Decimal128.POSITIVE_INFINITY;
                case NEGATIVE_INFINITY -> Decimal128.NEGATIVE_INFINITY;
                case END_OF_DAY -> throw new IllegalArgumentException("24:00 is not a decimal");
            };
        }
        return switch (special) { // dates, timestamps and times: PostgreSQL's own words
            case NAN -> "NaN";
            case POSITIVE_INFINITY -> "infinity";
            case NEGATIVE_INFINITY -> "-infinity";
            case END_OF_DAY -> "24:00:00";
        };
    }

    /** Decimal128 holds 34 significant digits and exponents -6176..6111; anything else keeps its exact text. */
    private static Object decimal(BigDecimal d) {
        try {
            return new Decimal128(d);
        } catch (NumberFormatException e) {
            return d.toPlainString();
        }
    }

    /** A date where the rest fits a {@link #MICROS} field (not inside an array), else exact text. */
    private Object timestamp(java.time.Instant instant, ColumnType type, boolean inArray) {
        boolean text = SubMilliseconds.finerThanMillis(type) && (timestampsAsText || inArray);
        return text ? instant.toString() : Date.from(instant);
    }

    private static String isoDuration(Interval i) {
        BigDecimal seconds = BigDecimal.valueOf(i.micros(), 6).stripTrailingZeros();
        return "P" + i.months() + "M" + i.days() + "DT" + seconds.toPlainString() + "S";
    }

    private static Document point(GeoPoint p) {
        Document d = new Document("type", "Point").append("coordinates", List.of(p.x(), p.y()));
        return p.srid() == null ? d : d.append("srid", p.srid());
    }

    private List<Object> array(List<?> values, ColumnType element) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v instanceof List<?> inner && element.kind() != Kind.ARRAY ? array(inner, element) : convert(v, element, true));
        }
        return out;
    }

    /** JSON as BSON, parsed plainly: keys are escaped like column names, so {@code {"$set": 1}} stays data. */
    private static Object json(String text) {
        try {
            return fromJson(JSON.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object fromJson(JsonNode node) {
        if (node.isObject()) {
            Document d = new Document();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                d.append(MongoNames.field(e.getKey()), fromJson(e.getValue()));
            }
            return d;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(n -> out.add(fromJson(n)));
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isBigInteger() || node.isInt() || node.isLong()) {
            BigInteger i = node.bigIntegerValue();
            return i.bitLength() < 32 ? (Object) i.intValue() : i.bitLength() < 64 ? (Object) i.longValue() : decimal(new BigDecimal(i));
        }
        return decimal(node.decimalValue()); // JSON numbers with a fraction: exact, not a double
    }
}
