package dev.cdcsync.connector.postgres;

import static dev.cdcsync.connector.postgres.PgBinary.BOOL;
import static dev.cdcsync.connector.postgres.PgBinary.BPCHAR;
import static dev.cdcsync.connector.postgres.PgBinary.BYTEA;
import static dev.cdcsync.connector.postgres.PgBinary.DATE;
import static dev.cdcsync.connector.postgres.PgBinary.FLOAT4;
import static dev.cdcsync.connector.postgres.PgBinary.FLOAT8;
import static dev.cdcsync.connector.postgres.PgBinary.INT2;
import static dev.cdcsync.connector.postgres.PgBinary.INT4;
import static dev.cdcsync.connector.postgres.PgBinary.INT8;
import static dev.cdcsync.connector.postgres.PgBinary.JSON;
import static dev.cdcsync.connector.postgres.PgBinary.JSONB;
import static dev.cdcsync.connector.postgres.PgBinary.NUMERIC;
import static dev.cdcsync.connector.postgres.PgBinary.TEXT;
import static dev.cdcsync.connector.postgres.PgBinary.TIMESTAMP;
import static dev.cdcsync.connector.postgres.PgBinary.TIMESTAMPTZ;
import static dev.cdcsync.connector.postgres.PgBinary.UUID;
import static dev.cdcsync.connector.postgres.PgBinary.VARCHAR;

import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Rows in {@code COPY}'s binary format, for target columns of the common types: PostgreSQL reads them without
 * parsing text, and nothing is formatted here. A value goes binary only where its Java type is the column's own
 * (a {@code Long} into {@code bigint}, a {@code LocalDateTime} of whole microseconds into {@code timestamp}, ...), so
 * PostgreSQL stores what the text of the same value would give, typmod rounding and length checks included; for
 * any other value {@link #row} declines and the caller writes that row as text.
 */
final class PgBinaryRows {

    private PgBinaryRows() {
    }

    /** The start of a binary COPY's data. */
    static void header(ByteSink out) {
        out.put(PgBinary.COPY_HEADER);
    }

    /** The end of a binary COPY's data. */
    static void trailer(ByteSink out) {
        out.putShort(-1);
    }

    /**
     * Writes one row.
     *
     * @param types each column's type oid in the target, in the order of the row's values (0: unknown)
     * @return whether every value was written; when not, what it wrote of the row is to be discarded
     */
    static boolean row(int[] types, Map<String, Object> row, ByteSink out) {
        if (row.size() != types.length) {
            return false;
        }
        if (row instanceof RowValues r && r.encodedBytes() != null && r.complete()
                && PgBinary.COPY_FIELDS.equals(r.columns().encoding().format())) {
            return fromFields(types, r, out);
        }
        out.putShort(types.length);
        int i = 0;
        for (Object value : row.values()) {
            if (!value(types[i++], value, out)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A row that kept its source's fields in PostgreSQL's binary forms: each field whose column has the same type in the
     * target is copied as it is (the type's own receive function reads what its send function wrote: nothing decoded,
     * nothing encoded, the target's typmod still applied); any other column is written from its value, as above.
     */
    private static boolean fromFields(int[] types, RowValues row, ByteSink out) {
        RowValues.Encoding encoding = row.columns().encoding();
        byte[] b = row.encodedBytes();
        out.putShort(types.length);
        int p = row.encodedFrom() + 2;
        for (int i = 0; i < types.length; i++) {
            int end = p + 4 + Math.max(PgBinary.i32(b, p), 0);
            if (types[i] != 0 && encoding.type(i) == types[i]) {
                out.put(b, p, end - p);
            } else if (!value(types[i], row.at(i), out)) {
                return false;
            }
            p = end;
        }
        return true;
    }

    private static boolean value(int type, Object v, ByteSink out) {
        if (v == null) {
            out.putInt(-1);
            return true;
        }
        if (v instanceof SpecialValue special) {
            return special(type, special, out);
        }
        try {
            return switch (type) {
                case BOOL -> v instanceof Boolean b && fixed(out, 1, b ? 1 : 0);
                case INT2 -> integer(v, Short.MIN_VALUE, Short.MAX_VALUE) && fixed(out, 2, ((Number) v).longValue());
                case INT4 -> integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE) && fixed(out, 4, ((Number) v).longValue());
                case INT8 -> integer(v, Long.MIN_VALUE, Long.MAX_VALUE) && fixed(out, 8, ((Number) v).longValue());
                case FLOAT4 -> v instanceof Float f && fixed(out, 4, Float.floatToRawIntBits(f));
                case FLOAT8 -> v instanceof Double d && fixed(out, 8, Double.doubleToRawLongBits(d));
                case TEXT, VARCHAR, BPCHAR, JSON -> v instanceof String s && bytes(out, s.getBytes(StandardCharsets.UTF_8), false);
                case JSONB -> v instanceof String s && bytes(out, s.getBytes(StandardCharsets.UTF_8), true);
                case BYTEA -> v instanceof byte[] b && bytes(out, b, false);
                case DATE -> v instanceof LocalDate d && fixed(out, 4, PgBinary.days(d));
                case TIMESTAMP -> v instanceof LocalDateTime t && t.getNano() % 1000 == 0
                        && fixed(out, 8, PgBinary.micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano()));
                case TIMESTAMPTZ -> v instanceof OffsetDateTime t && t.getNano() % 1000 == 0
                        && fixed(out, 8, PgBinary.micros(t.toEpochSecond(), t.getNano()));
                case NUMERIC -> v instanceof BigDecimal d && numeric(out, d);
                case UUID -> v instanceof String s && uuid(out, s);
                default -> false;
            };
        } catch (ArithmeticException outOfRange) {
            return false; // PostgreSQL's own error, from the text path, names the value better
        }
    }

    /** NaN and the infinities of the types whose binary form has them; other columns read their text. */
    private static boolean special(int type, SpecialValue v, ByteSink out) {
        boolean positive = v == SpecialValue.POSITIVE_INFINITY;
        return switch (type) {
            case DATE -> v != SpecialValue.NAN && v != SpecialValue.END_OF_DAY
                    && fixed(out, 4, positive ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            case TIMESTAMP, TIMESTAMPTZ -> v != SpecialValue.NAN && v != SpecialValue.END_OF_DAY
                    && fixed(out, 8, positive ? Long.MAX_VALUE : Long.MIN_VALUE);
            case NUMERIC -> v != SpecialValue.END_OF_DAY && PgBinary.numericSpecial(v, out);
            default -> false;
        };
    }

    private static boolean integer(Object v, long min, long max) {
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short)) {
            return false;
        }
        long n = ((Number) v).longValue();
        return n >= min && n <= max;
    }

    private static boolean fixed(ByteSink out, int length, long value) {
        out.putInt(length);
        switch (length) {
            case 1 -> out.put((byte) value);
            case 2 -> out.putShort((int) value);
            case 4 -> out.putInt((int) value);
            default -> out.putLong(value);
        }
        return true;
    }

    private static boolean bytes(ByteSink out, byte[] b, boolean jsonbVersion) {
        out.putInt(b.length + (jsonbVersion ? 1 : 0));
        if (jsonbVersion) {
            out.put((byte) 1);
        }
        out.put(b);
        return true;
    }

    private static boolean numeric(ByteSink out, BigDecimal d) {
        PgBinary.numeric(d, out);
        return true;
    }

    /** Only the canonical form (8-4-4-4-12 hex digits): PostgreSQL accepts others that Java's parser reads differently. */
    private static boolean uuid(ByteSink out, String s) {
        if (s.length() != 36) {
            return false;
        }
        byte[] b = new byte[16];
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char ch = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (ch != '-') {
                    return false;
                }
                continue;
            }
            int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (digit < 0) {
                return false;
            }
            b[nibbles / 2] |= (byte) (nibbles % 2 == 0 ? digit << 4 : digit);
            nibbles++;
        }
        out.putInt(16);
        out.put(b);
        return true;
    }
}
