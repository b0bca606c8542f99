package dev.cdcsync.core.model;

import java.math.BigDecimal;

/**
 * A span of time in three parts, each with its own sign, as PostgreSQL keeps it: a month is not a
 * fixed number of days and a day is not always 24 hours, so none of them is folded into another.
 * Cassandra's {@code duration} has the same three parts; a MySQL {@code TIME} is microseconds only.
 */
public record Interval(int months, int days, long micros) {

    public static Interval ofMicros(long micros) {
        return new Interval(0, 0, micros);
    }

    /** The seconds part as an exact decimal, e.g. {@code -11045.678901}. */
    public BigDecimal seconds() {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }
}
