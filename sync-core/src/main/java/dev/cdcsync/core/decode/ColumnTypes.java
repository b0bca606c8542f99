package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * Maps a Connect field schema, as Debezium produces it, to a portable {@link ColumnType}.
 * Debezium's logical names decide first; the propagated source type ({@code column.propagate.source.type},
 * which cdc-sync always enables) refines lengths, char vs varchar, json vs jsonb and numeric precision.
 */
public final class ColumnTypes {

    static final String SOURCE_TYPE = "__debezium.source.column.type";
    static final String SOURCE_LENGTH = "__debezium.source.column.length";
    static final String SOURCE_SCALE = "__debezium.source.column.scale";

    private ColumnTypes() {
    }

    public static ColumnType fromConnect(Schema schema) {
        return fromConnect(schema, false);
    }

    /**
     * @param timeIsDuration the source is MySQL/MariaDB, whose {@code TIME} is a duration (-838:59:59 to 838:59:59),
     *                       not a time of day: it becomes an INTERVAL
     */
    public static ColumnType fromConnect(Schema schema, boolean timeIsDuration) {
        Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
        if (SourceText.LOGICAL_NAME.equals(schema.name())) {
            return fromSourceText(params);
        }
        String sourceType = params.get(SOURCE_TYPE);
        ColumnType type = refine(base(schema, params, timeIsDuration), sourceType,
                parseInt(params.get(SOURCE_LENGTH)), parseInt(params.get(SOURCE_SCALE)));
        return sourceType == null ? type : type.withSourceType(sourceType.toLowerCase(Locale.ROOT));
    }

    /** A {@link SourceText} field says its kind itself; for an array, length and scale are the element's. */
    private static ColumnType fromSourceText(Map<String, String> params) {
        Kind kind = Kind.valueOf(params.get(SourceText.KIND));
        Integer length = parseInt(params.get(SourceText.LENGTH));
        Integer scale = parseInt(params.get(SourceText.SCALE));
        if (kind != Kind.ARRAY) {
            return new ColumnType(kind, length, scale, null, params.get(SourceText.TYPE));
        }
        ColumnType element = new ColumnType(Kind.valueOf(params.get(SourceText.ELEMENT_KIND)), length, scale, null,
                params.get(SourceText.ELEMENT_TYPE));
        return ColumnType.arrayOf(element).withSourceType(params.get(SourceText.TYPE));
    }

    private static ColumnType base(Schema schema, Map<String, String> params, boolean timeIsDuration) {
        String name = schema.name();
        if (name != null) {
            ColumnType logical = logical(name, params);
            if (logical != null && logical.kind() == Kind.TIME && timeIsDuration) {
                return ColumnType.of(Kind.INTERVAL);
            }
            if (logical != null) {
                return logical;
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> ColumnType.of(Kind.BOOLEAN);
            case INT8, INT16 -> ColumnType.of(Kind.INT16);
            case INT32 -> ColumnType.of(Kind.INT32);
            case INT64 -> ColumnType.of(Kind.INT64);
            case FLOAT32 -> ColumnType.of(Kind.FLOAT32);
            case FLOAT64 -> ColumnType.of(Kind.FLOAT64);
            case STRING -> ColumnType.of(Kind.STRING);
            case BYTES -> ColumnType.of(Kind.BYTES);
            case ARRAY -> ColumnType.arrayOf(fromConnect(schema.valueSchema()));
            case MAP, STRUCT -> throw new DecodeException(
                    "no portable type for a " + schema.type() + " column" + (name == null ? "" : " (" + name + ")"));
        };
    }

    private static ColumnType logical(String name, Map<String, String> params) {
        return switch (name) {
            case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> ColumnType.of(Kind.DATE);
            case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime",
                 "org.apache.kafka.connect.data.Time" -> ColumnType.of(Kind.TIME);
            case "io.debezium.time.ZonedTime" -> ColumnType.of(Kind.TIME_TZ);
            case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                 "org.apache.kafka.connect.data.Timestamp" -> ColumnType.of(Kind.TIMESTAMP);
            case "io.debezium.time.ZonedTimestamp" -> ColumnType.of(Kind.TIMESTAMP_TZ);
            case "io.debezium.time.Year" -> ColumnType.of(Kind.INT32);
            case "io.debezium.time.Interval", "io.debezium.time.MicroDuration" -> ColumnType.of(Kind.INTERVAL);
            case "org.apache.kafka.connect.data.Decimal" -> ColumnType.decimal(
                    parseInt(params.get("connect.decimal.precision")), parseInt(params.get("scale")));
            case "io.debezium.data.VariableScaleDecimal" -> ColumnType.decimal(null, null);
            case "io.debezium.data.Uuid" -> ColumnType.of(Kind.UUID);
            case "io.debezium.data.Json" -> ColumnType.of(Kind.JSON);
            case "io.debezium.data.Enum" -> ColumnType.of(Kind.ENUM);
            case "io.debezium.data.Bits" -> ColumnType.of(Kind.BITS, parseInt(params.get("length")));
            case "io.debezium.data.geometry.Point" -> ColumnType.of(Kind.POINT);
            case "io.debezium.data.geometry.Geometry" -> ColumnType.of(Kind.GEOMETRY);
            case "io.debezium.data.Xml", "io.debezium.data.EnumSet" -> ColumnType.of(Kind.STRING);
            default -> null;
        };
    }

    /** Uses the source's declared type where Debezium's Connect type is coarser. */
    private static ColumnType refine(ColumnType type, String sourceType, Integer length, Integer scale) {
        if (sourceType == null) {
            return type;
        }
        String t = sourceType.toUpperCase(Locale.ROOT);
        if (type.kind() == Kind.STRING) {
            if (t.equals("NUMERIC") || t.equals("DECIMAL") || t.equals("MONEY")) {
                // decimal.handling.mode=string: exact digits, NaN included.
                boolean bounded = length != null && length > 0 && length <= 1000;
                return ColumnType.decimal(bounded ? length : null, bounded ? scale : null);
            }
            if (t.equals("VARCHAR") || t.equals("CHARACTER VARYING")) {
                return ColumnType.of(Kind.STRING, bounded(length));
            }
            if (t.equals("BPCHAR") || t.equals("CHAR") || t.equals("CHARACTER")) {
                return ColumnType.of(Kind.CHAR, bounded(length));
            }
        }
        if (type.kind() == Kind.DECIMAL && type.length() == null && length != null && length > 0 && length <= 1000
                && (t.equals("NUMERIC") || t.equals("DECIMAL"))) {
            return ColumnType.decimal(length, scale);
        }
        if (type.kind() == Kind.ARRAY && type.element().kind() == Kind.STRING && t.equals("_NUMERIC")) {
            return ColumnType.arrayOf(ColumnType.decimal(null, null));
        }
        return type;
    }

    private static Integer bounded(Integer length) {
        return length == null || length <= 0 || length >= 10_485_760 ? null : length;
    }

    private static Integer parseInt(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
