package dev.cdcsync.core.schema;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.List;

/** Which type changes keep every old value intact. */
public final class TypeWidening {

    private static final List<Kind> INTEGERS = List.of(Kind.INT16, Kind.INT32, Kind.INT64);
    private static final int INT64_DIGITS = 19;

    private TypeWidening() {
    }

    /** True when every value of {@code from} is a value of {@code to}. */
    public static boolean holds(ColumnType from, ColumnType to) {
        if (from.sameAs(to)) {
            return true;
        }
        Kind f = from.kind();
        Kind t = to.kind();
        if (INTEGERS.contains(f) && INTEGERS.contains(t)) {
            return INTEGERS.indexOf(f) <= INTEGERS.indexOf(t);
        }
        if (INTEGERS.contains(f) && t == Kind.DECIMAL) {
            return to.length() == null || to.length() - scale(to) >= INT64_DIGITS;
        }
        if (f == Kind.FLOAT32 && t == Kind.FLOAT64) {
            return true;
        }
        if ((f == Kind.STRING || f == Kind.BYTES) && t == f) {
            return to.length() == null || (from.length() != null && from.length() <= to.length());
        }
        if (f == Kind.DECIMAL && t == Kind.DECIMAL) {
            if (to.length() == null) {
                return true;
            }
            if (from.length() == null) {
                return false;
            }
            return scale(to) >= scale(from) && to.length() - scale(to) >= from.length() - scale(from);
        }
        if (f == Kind.TIME && t == Kind.INTERVAL) {
            return true; // a MySQL/MariaDB TIME column that an earlier cdc-sync created as a time of day
        }
        if (f == Kind.ENUM && t == Kind.STRING) {
            return to.length() == null;
        }
        return false;
    }

    private static int scale(ColumnType t) {
        return t.scale() == null ? 0 : t.scale();
    }
}
