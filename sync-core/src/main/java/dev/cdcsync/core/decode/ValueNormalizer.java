package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.GeoPoint;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a Connect value into the normalized Java value every writer understands:
 * Boolean, Short, Integer, Long, Float, Double, BigDecimal, String, byte[], LocalDate, LocalTime, OffsetTime,
 * LocalDateTime, OffsetDateTime, {@link Interval}, List (arrays; nested lists for more dimensions),
 * {@link GeoPoint}, and a {@link SpecialValue} where the kind's Java type has no such value (NaN and
 * infinite decimals, infinite dates and timestamps, 24:00:00). UUIDs, JSON, enums, NATIVE values and bit
 * strings ({@code "1010"}, most significant bit first) stay Strings.
 * The converter is chosen once per schema, not per value.
 */
public final class ValueNormalizer {

    private ValueNormalizer() {
    }

    public static Function<Object, Object> forSchema(Schema schema, ColumnType type) {
        Function<Object, Object> f = converter(schema, type);
        return v -> v == null ? null : f.apply(v);
    }

    private static Function<Object, Object> converter(Schema schema, ColumnType type) {
        String name = schema.name() == null ? "" : schema.name();
        switch (name) {
            case "io.debezium.time.Date":
                return v -> LocalDate.ofEpochDay(((Number) v).longValue());
            case "org.apache.kafka.connect.data.Date":
                return v -> LocalDate.ofInstant(((java.util.Date) v).toInstant(), ZoneOffset.UTC);
            case "io.debezium.time.Time":
                return timeOrDuration(type, 1_000_000L);
            case "io.debezium.time.MicroTime":
                return timeOrDuration(type, 1_000L);
            case "io.debezium.time.NanoTime":
                return timeOrDuration(type, 1L);
            case "org.apache.kafka.connect.data.Time":
                return v -> LocalTime.ofNanoOfDay(((java.util.Date) v).getTime() * 1_000_000L);
            case "io.debezium.time.Timestamp":
                return v -> millis(((Number) v).longValue()); // in nanoseconds, year 9999 would overflow a long
            case "io.debezium.time.MicroTimestamp":
                return v -> micros(((Number) v).longValue());
            case "io.debezium.time.NanoTimestamp":
                return v -> epochNanos(((Number) v).longValue());
            case "org.apache.kafka.connect.data.Timestamp":
                return v -> LocalDateTime.ofInstant(((java.util.Date) v).toInstant(), ZoneOffset.UTC);
            case "io.debezium.time.ZonedTimestamp":
                return v -> OffsetDateTime.parse((String) v);
            case "io.debezium.time.ZonedTime":
                return v -> OffsetTime.parse((String) v);
            case "io.debezium.data.Bits":
                return v -> bitString(bytes(v), type.length());
            case "io.debezium.data.geometry.Geometry":
                return v -> {
                    Struct s = (Struct) v;
                    return WellKnownText.of(bytes(s.get("wkb")), s.getInt32("srid"));
                };
            case "io.debezium.data.geometry.Point":
                return v -> {
                    Struct s = (Struct) v;
                    return new GeoPoint(s.getFloat64("x"), s.getFloat64("y"), s.getInt32("srid"));
                };
            case SourceText.LOGICAL_NAME:
                return v -> {
                    if (((String) v).startsWith(SourceText.FAILED)) {
                        throw new DecodeException(((String) v).substring(SourceText.FAILED.length()));
                    }
                    return PostgresText.parse(type, (String) v);
                };
            case "io.debezium.time.Interval":
                return v -> PostgresText.interval((String) v);
            case "io.debezium.time.MicroDuration":
                return v -> Interval.ofMicros(((Number) v).longValue());
            case "io.debezium.data.VariableScaleDecimal":
                return v -> {
                    Struct s = (Struct) v;
                    return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"));
                };
            default:
                break;
        }
        return switch (schema.type()) {
            case INT8 -> v -> ((Number) v).shortValue();
            case BYTES -> v -> v instanceof BigDecimal ? v : bytes(v);
            case STRING -> type.kind() == Kind.DECIMAL ? v -> PostgresText.decimal((String) v) : Function.identity();
            case ARRAY -> {
                Function<Object, Object> element = forSchema(schema.valueSchema(), type.element());
                yield v -> {
                    List<?> in = (List<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Object e : in) {
                        out.add(element.apply(e));
                    }
                    return out;
                };
            }
            default -> Function.identity();
        };
    }

    /** A time of day, or (a MySQL/MariaDB TIME, see {@link ColumnTypes}) a duration of microseconds. */
    private static Function<Object, Object> timeOrDuration(ColumnType type, long nanosPerUnit) {
        if (type.kind() == Kind.INTERVAL) {
            return v -> Interval.ofMicros(Math.multiplyExact(((Number) v).longValue(), nanosPerUnit) / 1_000L);
        }
        return v -> LocalTime.ofNanoOfDay(((Number) v).longValue() * nanosPerUnit);
    }

    /** Debezium's bits are little-endian bytes; the text form lists the most significant bit first. */
    static String bitString(byte[] bytes, Integer length) {
        int n = length != null ? length : bytes.length * 8;
        StringBuilder s = new StringBuilder(n);
        for (int i = n - 1; i >= 0; i--) {
            boolean set = i / 8 < bytes.length && ((bytes[i / 8] >> (i % 8)) & 1) == 1;
            s.append(set ? '1' : '0');
        }
        return s.toString();
    }

    private static LocalDateTime millis(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1_000L), (int) Math.floorMod(millis, 1_000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    private static LocalDateTime micros(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long nanos = Math.floorMod(micros, 1_000_000L) * 1_000L;
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    private static LocalDateTime epochNanos(long nanos) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        ByteBuffer buf = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }
}
