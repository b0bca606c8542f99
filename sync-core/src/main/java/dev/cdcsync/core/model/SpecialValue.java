package dev.cdcsync.core.model;

/**
 * Values that the Java type of their kind cannot hold: PostgreSQL's {@code infinity} and
 * {@code -infinity} for dates, timestamps and numerics, {@code NaN} for numerics, and
 * {@code 24:00:00} for a time of day. Floats use Java's own NaN and infinities instead.
 * Each writer maps these exactly or refuses the row; none may turn them into NULL or a nearby value.
 */
public enum SpecialValue {
    POSITIVE_INFINITY, NEGATIVE_INFINITY, NAN, END_OF_DAY
}
