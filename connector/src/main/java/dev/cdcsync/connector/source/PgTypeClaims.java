package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.Optional;
import java.util.Set;

/**
 * Which PostgreSQL column types cdc-sync carries as text ({@link PostgresExactValues}) because Debezium's own
 * conversion would bend them, and the portable type each becomes. Types not claimed here (integers, floats,
 * numeric, text, bytea, boolean, uuid, json, point, enums, domains over those) Debezium converts exactly.
 */
final class PgTypeClaims {

    /** Types with no portable kind: carried as their text, recreated by a PostgreSQL target. */
    private static final Set<String> NATIVE = Set.of(
            "oid", "xml", "inet", "cidr", "macaddr", "macaddr8", "tsvector", "tsquery",
            "line", "lseg", "box", "path", "polygon", "circle",
            "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
            "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange",
            "pg_lsn", "hstore", "char", "name", "xid", "xid8", "cid", "txid_snapshot", "pg_snapshot");

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
     * @param enums   the source's enum type names
     */
    static Optional<ColumnType> claim(String typname, Integer length, Integer scale, Set<String> enums) {
        return claim(typname, length, scale, enums, java.util.Map.of());
    }

    static Optional<ColumnType> claim(String typname, Integer length, Integer scale, Set<String> enums,
                                      java.util.Map<String, Domain> domains) {
        Domain domain = domains.get(typname);
        if (domain != null) {
            return Optional.of(domain.type(enums));
        }
        if (typname.startsWith("_")) {
            String element = typname.substring(1);
            ColumnType e = arrayElement(element, length, scale, enums);
            // Arrays of types without a portable kind stay whole, in PostgreSQL's own array text.
            return Optional.of(e == null ? ColumnType.nativeType(typname) : ColumnType.arrayOf(e).withSourceType(typname));
        }
        return Optional.ofNullable(scalar(typname, length, scale));
    }

    /**
     * A domain: its values are its base type's, and a target gets the base type (the domain's constraints belong
     * to the source). Claimed whatever the base, since Debezium does not carry the base type's length or precision.
     */
    record Domain(String name, String base, Integer length, Integer scale) {

        ColumnType type(Set<String> enums) {
            if (base.startsWith("_")) {
                return claim(base, length, scale, enums).orElseThrow();
            }
            ColumnType scalar = scalar(base, length, scale);
            ColumnType type = scalar != null ? scalar : arrayElement(base, length, scale, enums);
            if (type == null) {
                throw new IllegalStateException("domain " + name + " over " + base + ": no portable type");
            }
            if (type.kind() == Kind.DECIMAL && type.sourceType() == null && length != null) {
                return ColumnType.decimal(length, scale == null ? 0 : scale);
            }
            return type;
        }

        /** {@code name:base:length:scale;...} for the converter's configuration. */
        static String format(java.util.Collection<Domain> domains) {
            return domains.stream().map(d -> d.name + ":" + d.base + ":" + (d.length == null ? "" : d.length) + ":"
                    + (d.scale == null ? "" : d.scale)).collect(java.util.stream.Collectors.joining(";"));
        }

        static java.util.Map<String, Domain> parse(String text) {
            java.util.Map<String, Domain> out = new java.util.HashMap<>();
            for (String entry : text.split(";")) {
                String[] f = entry.split(":", -1);
                if (f.length == 4) {
                    out.put(f[0], new Domain(f[0], f[1], f[2].isEmpty() ? null : Integer.valueOf(f[2]),
                            f[3].isEmpty() ? null : Integer.valueOf(f[3])));
                }
            }
            return out;
        }
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
            default -> NATIVE.contains(typname) ? ColumnType.nativeType(typname) : null;
        };
    }

    /** The element type of an array column, or null when the array has to travel as NATIVE text. */
    private static ColumnType arrayElement(String element, Integer length, Integer scale, Set<String> enums) {
        Integer bounded = length != null && length > 0 && length < 10_485_760 ? length : null;
        ColumnType claimed = scalar(element, length, scale);
        if (claimed != null) {
            return claimed.kind() == Kind.NATIVE ? null : claimed;
        }
        return switch (element) {
            case "int2" -> ColumnType.of(Kind.INT16);
            case "int4" -> ColumnType.of(Kind.INT32);
            case "int8" -> ColumnType.of(Kind.INT64);
            case "float4" -> ColumnType.of(Kind.FLOAT32);
            case "float8" -> ColumnType.of(Kind.FLOAT64);
            case "numeric" -> ColumnType.decimal(null, null);
            case "bool" -> ColumnType.of(Kind.BOOLEAN);
            case "text" -> ColumnType.of(Kind.STRING);
            case "varchar" -> ColumnType.of(Kind.STRING, bounded);
            case "bpchar" -> ColumnType.of(Kind.CHAR, bounded);
            case "bytea" -> ColumnType.of(Kind.BYTES);
            case "uuid" -> ColumnType.of(Kind.UUID);
            case "json", "jsonb" -> ColumnType.of(Kind.JSON).withSourceType(element);
            case "point" -> ColumnType.of(Kind.POINT);
            default -> enums.contains(element) ? ColumnType.of(Kind.ENUM) : null;
        };
    }

    /** How the snapshot query reads a claimed column, so that the converter gets PostgreSQL's exact text. */
    static String snapshotExpression(String quotedColumn, String typname) {
        // money's text depends on lc_monetary; numeric is exact and locale-free.
        return "money".equals(typname) ? quotedColumn + "::numeric::text" : quotedColumn + "::text";
    }
}
