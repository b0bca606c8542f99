package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Portable types to PostgreSQL types and back. {@link #fromPg} reads what {@code format_type()}
 * prints, so that a restarted pipeline sees the target table as it really is. A PostgreSQL source's
 * own type survives where the portable kind alone would lose it: {@code money}, {@code bit} versus
 * {@code bit varying}, time precision, and every NATIVE type (ranges, network and geometric types, ...).
 */
final class PgTypes {

    private static final Pattern WITH_ARGS = Pattern.compile("([a-z ]+?)(?:\\((\\d+)(?:,(\\d+))?\\))?( with(?:out)? time zone)?");

    private PgTypes() {
    }

    static String toPg(ColumnType t) {
        return switch (t.kind()) {
            case BOOLEAN -> "boolean";
            case INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case DECIMAL -> "money".equals(t.sourceType()) ? "money" : t.length() == null ? "numeric"
                    : "numeric(" + t.length() + "," + (t.scale() == null ? 0 : t.scale()) + ")";
            case STRING -> t.length() == null ? "text" : "character varying(" + t.length() + ")";
            case CHAR -> t.length() == null ? "bpchar" : "character(" + t.length() + ")";
            case BYTES -> "bytea";
            case DATE -> "date";
            case TIME -> "time" + precision(t) + " without time zone";
            case TIME_TZ -> "time" + precision(t) + " with time zone";
            case TIMESTAMP -> "timestamp" + precision(t) + " without time zone";
            case TIMESTAMP_TZ -> "timestamp" + precision(t) + " with time zone";
            case INTERVAL -> "interval";
            case UUID -> "uuid";
            case JSON -> "json".equals(t.sourceType()) ? "json" : "jsonb";
            case ENUM -> "text";
            case BITS -> bits(t);
            case POINT -> "point";
            case GEOMETRY -> "text"; // no PostGIS needed; PostGIS reads the text with ST_GeomFromEWKT
            case ARRAY -> toPg(t.element()) + "[]";
            // The source's own type name, quoted like any identifier from the source: it cannot change the statement.
            case NATIVE -> PgIdentifiers.quote(t.sourceType());
        };
    }

    private static String precision(ColumnType t) {
        return t.length() == null ? "" : "(" + t.length() + ")";
    }

    /** A fixed-length {@code bit(n)} where the source declared one, else {@code bit varying}. */
    private static String bits(ColumnType t) {
        if ("bit".equals(t.sourceType()) && t.length() != null) {
            return "bit(" + t.length() + ")";
        }
        return t.length() == null ? "bit varying" : "bit varying(" + t.length() + ")";
    }

    /** The portable type of a {@code format_type()} name; any type without a portable kind is NATIVE. */
    static ColumnType fromPg(String formatted) {
        if (formatted.endsWith("[]")) {
            ColumnType element = fromPg(formatted.substring(0, formatted.length() - 2));
            // An array of a NATIVE type is itself NATIVE, named as PostgreSQL names array types.
            return element.kind() == Kind.NATIVE ? ColumnType.nativeType("_" + element.sourceType()) : ColumnType.arrayOf(element);
        }
        Matcher m = WITH_ARGS.matcher(formatted);
        if (!m.matches()) {
            return nativeType(formatted);
        }
        String base = m.group(1).trim();
        Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        String zone = m.group(4) == null ? "" : m.group(4).trim();
        return switch (base) {
            case "boolean" -> ColumnType.of(Kind.BOOLEAN);
            case "smallint" -> ColumnType.of(Kind.INT16);
            case "integer" -> ColumnType.of(Kind.INT32);
            case "bigint" -> ColumnType.of(Kind.INT64);
            case "real" -> ColumnType.of(Kind.FLOAT32);
            case "double precision" -> ColumnType.of(Kind.FLOAT64);
            case "numeric" -> ColumnType.decimal(a, a == null ? null : b);
            case "money" -> ColumnType.decimal(null, null).withSourceType("money");
            case "text" -> ColumnType.of(Kind.STRING);
            case "character varying" -> ColumnType.of(Kind.STRING, a);
            case "character", "bpchar" -> ColumnType.of(Kind.CHAR, a);
            case "bytea" -> ColumnType.of(Kind.BYTES);
            case "date" -> ColumnType.of(Kind.DATE);
            case "time" -> ColumnType.of(zone.startsWith("with ") ? Kind.TIME_TZ : Kind.TIME, a);
            case "timestamp" -> ColumnType.of(zone.startsWith("with ") ? Kind.TIMESTAMP_TZ : Kind.TIMESTAMP, a);
            case "interval" -> ColumnType.of(Kind.INTERVAL);
            case "uuid" -> ColumnType.of(Kind.UUID);
            case "json", "jsonb" -> ColumnType.of(Kind.JSON).withSourceType(base);
            case "bit" -> ColumnType.of(Kind.BITS, a == null ? 1 : a).withSourceType("bit");
            case "bit varying" -> ColumnType.of(Kind.BITS, a).withSourceType("varbit");
            case "point" -> ColumnType.of(Kind.POINT);
            default -> nativeType(formatted);
        };
    }

    /** format_type() quotes a name that needs it ({@code "char"}); the portable type holds the bare name. */
    private static ColumnType nativeType(String formatted) {
        String name = formatted.startsWith("\"") && formatted.endsWith("\"")
                ? formatted.substring(1, formatted.length() - 1).replace("\"\"", "\"") : formatted;
        return ColumnType.nativeType(name);
    }
}
