package dev.cdcsync.core.model;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Timestamps finer than the milliseconds that MongoDB's and Cassandra's timestamp types hold: which columns they are,
 * and the microseconds within the millisecond that such a target keeps beside the value, so nothing is cut silently.
 */
public final class SubMilliseconds {

    private SubMilliseconds() {
    }

    /** A timestamp column declared finer than milliseconds, or of unknown precision. */
    public static boolean finerThanMillis(ColumnType type) {
        return (type.kind() == ColumnType.Kind.TIMESTAMP || type.kind() == ColumnType.Kind.TIMESTAMP_TZ)
                && (type.length() == null || type.length() > 3);
    }

    /** The microseconds within the millisecond (0-999) of a timestamp value; null for anything else. */
    public static Integer micros(Object value) {
        int nanos = value instanceof LocalDateTime t ? t.getNano() : value instanceof OffsetDateTime t ? t.getNano() : -1;
        return nanos < 0 ? null : nanos / 1000 % 1000;
    }
}
