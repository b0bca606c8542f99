package dev.cdcsync.core.model;

import java.util.Objects;

/**
 * A portable column type. Every Debezium logical type maps to exactly one of these; each writer
 * maps it to its own native type.
 *
 * @param kind       the family
 * @param length     varchar/char length, decimal precision, or fractional-second digits; null when unbounded
 * @param scale      decimal scale; null when the source declared none (variable scale)
 * @param element    the element type of an {@link Kind#ARRAY}, else null
 * @param sourceType the source's own type name (e.g. {@code jsonb}, {@code mood}), a hint only
 */
public record ColumnType(Kind kind, Integer length, Integer scale, ColumnType element, String sourceType) {

    /** Type families. Order within the integer and float families is the widening order. */
    public enum Kind {
        BOOLEAN, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL,
        STRING, CHAR, BYTES, DATE, TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ, INTERVAL,
        UUID, JSON, ENUM, BITS, POINT,
        /** A spatial value other than a point, as well-known text ({@code SRID=n;} in front when the source gave one). */
        GEOMETRY,
        ARRAY,
        /**
         * A source type with no portable kind (a range, {@code inet}, {@code tsvector}, a geometric type, ...): the
         * value is its text exactly as the source prints it, and {@link #sourceType} names the type. A target of the
         * same database recreates that type; another stores the text or refuses the column.
         */
        NATIVE
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ARRAY) != (element != null)) {
            throw new IllegalArgumentException("an ARRAY needs an element type and only an ARRAY has one");
        }
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, null, null, null, null);
    }

    public static ColumnType of(Kind kind, Integer length) {
        return new ColumnType(kind, length, null, null, null);
    }

    public static ColumnType decimal(Integer precision, Integer scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale, null, null);
    }

    public static ColumnType nativeType(String sourceType) {
        return new ColumnType(Kind.NATIVE, null, null, null, Objects.requireNonNull(sourceType, "source type"));
    }

    public static ColumnType arrayOf(ColumnType element) {
        return new ColumnType(Kind.ARRAY, null, null, element, null);
    }

    public ColumnType withSourceType(String type) {
        return new ColumnType(kind, length, scale, element, type);
    }

    /** Equality of meaning: the source type hint does not count, except that it is the meaning of a NATIVE type. */
    public boolean sameAs(ColumnType other) {
        return other != null && kind == other.kind && Objects.equals(length, other.length)
                && Objects.equals(scale, other.scale)
                && (kind != Kind.NATIVE || Objects.equals(sourceType, other.sourceType))
                && (element == null ? other.element == null : element.sameAs(other.element));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind == Kind.NATIVE ? sourceType : kind.name());
        if (element != null) {
            s.append('<').append(element).append('>');
        }
        if (length != null) {
            s.append('(').append(length);
            if (scale != null) {
                s.append(',').append(scale);
            }
            s.append(')');
        }
        return s.toString();
    }
}
