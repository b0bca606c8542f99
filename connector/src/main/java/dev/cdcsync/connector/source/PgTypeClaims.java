package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.Optional;
import java.util.Set;

/**
 * Which PostgreSQL column types cdc-sync carries as text ({@link PostgresExactValues}) because Debezium's own
 * conversion would bend them, and the portable type each becomes. Types not claimed here (integers, floats,
 * numeric, text, bytea, boolean, uuid, json, point, enums) Debezium converts exactly.
 */
final class PgTypeClaims {

    /**
     * Types Debezium converts exactly with cdc-sync's settings. Every other type without a portable kind (ranges,
     * {@code inet}, {@code tsvector}, geometric types, {@code hstore}, an extension's types, ...) is NATIVE: carried as
     * its text and recreated by a PostgreSQL target.
     */
    private static final Set<String> DEBEZIUM_EXACT = Set.of("int2", "int4", "int8", "float4", "float8", "numeric",
            "bool", "text", "varchar", "bpchar", "bytea", "uuid", "json", "jsonb", "point", "geometry", "geography",
            // The JDBC driver names an integer column with a sequence default by its serial alias.
            "smallserial", "serial", "bigserial");

    /** The longest bit string PostgreSQL allows: a larger declared length means none was declared. */
    private static final int MAX_BITS = 83_886_080;

    private PgTypeClaims() {
    }

    /**
     * The portable type of a claimed column, or empty when Debezium's conversion is exact.
     *
     * @param typname the column type's {@code pg_type.typname} (arrays: {@code _} and the element's)
     * @param length  the declared length (bit, varchar, char), or null
     * @param scale   the declared fractional-second digits (time, timestamp), or null
     * @param types   the source's enums, composite types and domains
     */
    static Optional<ColumnType> claim(String typname, Integer length, Integer scale, PgUserTypes types) {
        PgUserTypes.Domain domain = types.domains().get(typname);
        if (domain != null) {
            return Optional.of(ofDomain(domain, types));
        }
        if (types.composites().contains(typname)) {
            return Optional.of(ColumnType.of(Kind.STRING)); // a composite value as PostgreSQL prints it: (1,"x y")
        }
        if (types.enums().contains(typname)) {
            return Optional.empty(); // Debezium carries the label
        }
        if (typname.startsWith("_")) {
            String element = typname.substring(1);
            ColumnType e = arrayElement(element, length, scale, types);
            if (e != null) {
                return Optional.of(ColumnType.arrayOf(e).withSourceType(typname));
            }
            // Arrays of types without a portable kind stay whole, in PostgreSQL's own array text (of the domain's base).
            PgUserTypes.Domain over = types.domains().get(element);
            return Optional.of(ColumnType.nativeType("_" + (over == null ? element : over.base())));
        }
        return Optional.ofNullable(scalar(typname, length, scale));
    }

    /**
     * A domain's values are its base type's, and a target gets the base type (the domain's constraints belong to the
     * source). Claimed whatever the base, since Debezium does not carry the base type's length or precision.
     */
    private static ColumnType ofDomain(PgUserTypes.Domain d, PgUserTypes types) {
        if (d.base().startsWith("_")) {
            return claim(d.base(), d.length(), d.scale(), types).orElseThrow();
        }
        ColumnType scalar = scalar(d.base(), d.length(), d.scale());
        ColumnType type = scalar != null ? scalar : arrayElement(d.base(), d.length(), d.scale(), types);
        if (type == null) {
            return ColumnType.nativeType(d.base());
        }
        if (type.kind() == Kind.DECIMAL && type.sourceType() == null && d.length() != null) {
            return ColumnType.decimal(d.length(), d.scale() == null ? 0 : d.scale());
        }
        return type;
    }

    private static ColumnType scalar(String typname, Integer length, Integer scale) {
        Integer precision = scale != null && scale >= 0 && scale < 6 ? scale : null;
        return switch (typname) {
            case "date" -> ColumnType.of(Kind.DATE);
            case "timestamp" -> ColumnType.of(Kind.TIMESTAMP, precision);
            case "timestamptz" -> ColumnType.of(Kind.TIMESTAMP_TZ, precision);
            case "time" -> ColumnType.of(Kind.TIME, precision);
            case "timetz" -> ColumnType.of(Kind.TIME_TZ, precision);
            case "interval" -> ColumnType.of(Kind.INTERVAL);
            case "money" -> ColumnType.decimal(null, null).withSourceType("money");
            case "bit" -> ColumnType.of(Kind.BITS, length == null || length <= 0 ? 1 : length).withSourceType("bit");
            case "varbit" -> ColumnType.of(Kind.BITS, length == null || length <= 0 || length >= MAX_BITS ? null : length)
                    .withSourceType("varbit");
            // A type Debezium does not know exactly (an extension's, say) is carried as its text, never as its bytes.
            default -> DEBEZIUM_EXACT.contains(typname) ? null : ColumnType.nativeType(typname);
        };
    }

    /** The element type of an array column, or null when the array has to travel as NATIVE text. */
    private static ColumnType arrayElement(String element, Integer length, Integer scale, PgUserTypes types) {
        Integer bounded = length != null && length > 0 && length < 10_485_760 ? length : null;
        ColumnType user = userElement(element, types);
        if (user != null || types.domains().containsKey(element)) {
            return user;
        }
        ColumnType claimed = scalar(element, length, scale);
        if (claimed != null) {
            return claimed.kind() == Kind.NATIVE ? null : claimed;
        }
        return exact(element, bounded);
    }

    /**
     * A type Debezium converts exactly, as the decoder derives it from Debezium's schema (numeric of any precision; a
     * serial by its integer); null for any other.
     *
     * @param bounded the declared length of a character type, or null
     */
    static ColumnType exact(String typname, Integer bounded) {
        return switch (typname) {
            case "int2", "smallserial" -> ColumnType.of(Kind.INT16);
            case "int4", "serial" -> ColumnType.of(Kind.INT32);
            case "int8", "bigserial" -> ColumnType.of(Kind.INT64);
            case "float4" -> ColumnType.of(Kind.FLOAT32);
            case "float8" -> ColumnType.of(Kind.FLOAT64);
            case "numeric" -> ColumnType.decimal(null, null);
            case "bool" -> ColumnType.of(Kind.BOOLEAN);
            case "text" -> ColumnType.of(Kind.STRING);
            case "varchar" -> ColumnType.of(Kind.STRING, bounded);
            case "bpchar" -> ColumnType.of(Kind.CHAR, bounded);
            case "bytea" -> ColumnType.of(Kind.BYTES);
            case "uuid" -> ColumnType.of(Kind.UUID);
            case "json", "jsonb" -> ColumnType.of(Kind.JSON).withSourceType(typname);
            case "point" -> ColumnType.of(Kind.POINT);
            default -> null;
        };
    }

    private static ColumnType userElement(String element, PgUserTypes types) {
        PgUserTypes.Domain domain = types.domains().get(element);
        if (domain != null) {
            ColumnType base = ofDomain(domain, types);
            return base.kind() == Kind.NATIVE ? null : base;
        }
        if (types.enums().contains(element)) {
            return ColumnType.of(Kind.ENUM);
        }
        return types.composites().contains(element) ? ColumnType.of(Kind.STRING) : null;
    }

    /** How the snapshot query reads a claimed column, so that the converter gets PostgreSQL's exact text. */
    static String snapshotExpression(String quotedColumn, String typname) {
        // money's text depends on lc_monetary; numeric is exact and locale-free.
        return "money".equals(typname) ? quotedColumn + "::numeric::text" : quotedColumn + "::text";
    }
}
