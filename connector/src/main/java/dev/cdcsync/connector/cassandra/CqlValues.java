package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.GeoPoint;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import dev.cdcsync.core.model.SubMilliseconds;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The portable model in CQL types and the driver's Java values, exactly (the README's type table says the same):
 * integers as {@code smallint}/{@code int}/{@code bigint}, decimals as {@code decimal} (any precision), floats as
 * {@code float}/{@code double}, dates, times and timestamps as {@code date}/{@code time}/{@code timestamp} (a
 * timestamp holds milliseconds: a column finer than that also gets a {@value #MICROS} column with the microseconds
 * within the millisecond, or with {@code timestamps: text} is ISO-8601 text, as it always is inside lists), intervals
 * as {@code duration}, uuids as {@code uuid}, bytes as {@code blob}, one-dimensional arrays as lists, everything
 * else as {@code text} (json, enums, bits, geometry, points as WKT, the source's own text for other types). A value CQL
 * cannot hold (a decimal NaN, an infinite date, 24:00, a NULL inside a list, a multi-dimensional array) is refused,
 * never bent.
 */
final class CqlValues {

    static final String MICROS = "__micros";

    private final boolean timestampsAsText;

    CqlValues(boolean timestampsAsText) {
        this.timestampsAsText = timestampsAsText;
    }

    /** The CQL type of a column. */
    String type(ColumnType type) {
        return type(type, false);
    }

    private String type(ColumnType type, boolean inList) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case INT16 -> "smallint";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case DECIMAL -> "decimal";
            case STRING, CHAR, ENUM, BITS, GEOMETRY, POINT, JSON, TIME_TZ, NATIVE -> "text";
            case BYTES -> "blob";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP, TIMESTAMP_TZ -> SubMilliseconds.finerThanMillis(type) && (timestampsAsText || inList) ? "text"
                    : "timestamp";
            case INTERVAL -> "duration";
            case UUID -> "uuid";
            case ARRAY -> "list<" + (type.element().kind() == Kind.ARRAY ? "frozen<" + type(type.element(), true) + ">"
                    : type(type.element(), true)) + ">";
        };
    }

    /** Whether a column of this type gets a {@value #MICROS} column beside it. */
    boolean hasMicrosColumn(ColumnType type) {
        return !timestampsAsText && SubMilliseconds.finerThanMillis(type);
    }

    /** The driver's value for a column value (null stays null). */
    Object toCql(Object value, ColumnType type) {
        return convert(value, type, false);
    }

    private Object convert(Object value, ColumnType type, boolean inList) {
        if (value == null) {
            return null;
        }
        if (value instanceof SpecialValue special) {
            throw new IllegalArgumentException(special + " has no CQL " + type(type) + " value");
        }
        return switch (type.kind()) {
            case BOOLEAN, FLOAT64 -> value;
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case FLOAT32 -> ((Number) value).floatValue();
            case DECIMAL -> (BigDecimal) value;
            case STRING, CHAR, ENUM, BITS, GEOMETRY, JSON, TIME_TZ, NATIVE -> value.toString();
            case POINT -> value instanceof GeoPoint p ? "POINT(" + p.x() + " " + p.y() + ")" : value.toString();
            case BYTES -> ByteBuffer.wrap((byte[]) value);
            case DATE -> (LocalDate) value;
            case TIME -> (LocalTime) value;
            case TIMESTAMP -> timestamp(((LocalDateTime) value).toInstant(ZoneOffset.UTC), type, inList);
            case TIMESTAMP_TZ -> timestamp(((OffsetDateTime) value).toInstant(), type, inList);
            case INTERVAL -> duration(value);
            case UUID -> UUID.fromString(value.toString());
            case ARRAY -> list((List<?>) value, type.element());
        };
    }

    private Object timestamp(Instant instant, ColumnType type, boolean inList) {
        if (SubMilliseconds.finerThanMillis(type) && (timestampsAsText || inList)) {
            return instant.toString();
        }
        return instant.truncatedTo(ChronoUnit.MILLIS); // the rest goes to the __micros column
    }

    private static CqlDuration duration(Object value) {
        if (!(value instanceof Interval i)) {
            throw new IllegalArgumentException("'" + value + "' is not an interval");
        }
        boolean mixedSigns = (i.months() < 0 || i.days() < 0 || i.micros() < 0) && (i.months() > 0 || i.days() > 0 || i.micros() > 0);
        if (mixedSigns) {
            throw new IllegalArgumentException("interval " + i + " mixes signs, which a CQL duration cannot");
        }
        return CqlDuration.newInstance(i.months(), i.days(), Math.multiplyExact(i.micros(), 1000L));
    }

    private List<Object> list(List<?> values, ColumnType element) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v == null) {
                throw new IllegalArgumentException("a list element is NULL, which a CQL list cannot hold");
            }
            if (v instanceof List<?> && element.kind() != Kind.ARRAY) {
                throw new IllegalArgumentException("a multi-dimensional array, which a CQL list column (one dimension)"
                        + " cannot hold");
            }
            out.add(convert(v, element, true));
        }
        return out;
    }
}
