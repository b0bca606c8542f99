package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL's binary wire forms ({@code COPY .. (FORMAT binary)}, the types' send and receive functions) of the
 * types cdc-sync moves in bulk, both ways: the initial load reads them, the writer's COPY writes them. Each value
 * decodes to what {@link dev.cdcsync.core.decode.PostgresText} makes of the same value's text, so the two forms are
 * interchangeable. Dates count days and timestamps microseconds from 2000-01-01; the extremes are the infinities.
 */
public final class PgBinary {

    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int JSON = 114;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    /** The {@link dev.cdcsync.core.model.RowValues.Encoding#format} of fields in their types' binary forms. */
    public static final String COPY_FIELDS = "postgresql-binary";

    /** COPY's binary signature, then flags and header-extension length (both 0). */
    static final byte[] COPY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** The header's length before any extension: signature, flags, extension length. */
    public static final int COPY_HEADER_BYTES = COPY_HEADER.length;
    private static final int COPY_SIGNATURE_BYTES = 11;

    private static final long EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long EPOCH_SECOND = EPOCH_DAY * 86_400;
    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private PgBinary() {
    }

    /** A date: a {@link LocalDate} (proleptic ISO, as PostgreSQL counts), or an infinity. */
    public static Object date(int days) {
        return switch (days) {
            case Integer.MAX_VALUE -> SpecialValue.POSITIVE_INFINITY;
            case Integer.MIN_VALUE -> SpecialValue.NEGATIVE_INFINITY;
            default -> LocalDate.ofEpochDay(days + EPOCH_DAY);
        };
    }

    static int days(LocalDate d) {
        return Math.toIntExact(d.toEpochDay() - EPOCH_DAY);
    }

    /** A timestamp without time zone: a {@link LocalDateTime}, or an infinity. */
    public static Object timestamp(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros > 0 ? SpecialValue.POSITIVE_INFINITY : SpecialValue.NEGATIVE_INFINITY;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L) + EPOCH_SECOND,
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** Microseconds from 2000-01-01 of a time whose nanoseconds are whole microseconds (the caller checks). */
    static long micros(long epochSecond, int nano) {
        return Math.addExact(Math.multiplyExact(epochSecond - EPOCH_SECOND, 1_000_000L), nano / 1000);
    }

    /**
     * A numeric's binary form: digit count, weight (of the first base-10000 digit), sign, display scale, digits.
     *
     * @return a {@link BigDecimal} with the display scale as its scale, or NaN or an infinity
     */
    public static Object numeric(byte[] b, int off) {
        int ndigits = u16(b, off);
        int weight = (short) u16(b, off + 2);
        int sign = u16(b, off + 4);
        int dscale = u16(b, off + 6);
        switch (sign) {
            case NUMERIC_NAN -> {
                return SpecialValue.NAN;
            }
            case NUMERIC_PINF -> {
                return SpecialValue.POSITIVE_INFINITY;
            }
            case NUMERIC_NINF -> {
                return SpecialValue.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        boolean negative = sign == NUMERIC_NEG;
        // The digits stand for weight+1 groups before the point: as an integer, their scale is this.
        int scale = (ndigits - weight - 1) * 4;
        if (ndigits <= 4) { // up to 16 decimal digits: a long, the common case
            long small = 0;
            for (int i = 0; i < ndigits; i++) {
                small = small * 10_000 + u16(b, off + 8 + 2 * i);
            }
            int up = dscale - scale;
            if (up >= 0 && up < POW10.length && small <= Long.MAX_VALUE / POW10[up]) {
                return BigDecimal.valueOf(negative ? -small * POW10[up] : small * POW10[up], dscale);
            }
            if (up < 0 && -up < POW10.length && small % POW10[-up] == 0) {
                return BigDecimal.valueOf(negative ? -small / POW10[-up] : small / POW10[-up], dscale);
            }
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < ndigits; i++) {
            unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(u16(b, off + 8 + 2 * i)));
        }
        BigDecimal value = new BigDecimal(negative ? unscaled.negate() : unscaled, scale);
        return value.setScale(dscale, java.math.RoundingMode.UNNECESSARY);
    }

    /** Writes a decimal in numeric's binary form, its scale as the display scale (negative scales as 0). */
    static void numeric(BigDecimal d, ByteSink out) {
        BigDecimal v = d.scale() < 0 ? d.setScale(0) : d;
        int dscale = v.scale();
        // Pad the scale to whole groups of 4 digits after the point.
        int groupedScale = (dscale + 3) / 4 * 4;
        if (v.precision() + groupedScale - dscale <= 18) {
            smallNumeric(Math.abs(v.unscaledValue().longValue()) * POW10[groupedScale - dscale], v.signum(), dscale,
                    groupedScale, out);
            return;
        }
        BigInteger unscaled = v.unscaledValue().abs().multiply(BigInteger.TEN.pow(groupedScale - dscale));
        String digits = unscaled.signum() == 0 ? "" : unscaled.toString();
        int lead = (4 - digits.length() % 4) % 4;
        int groups = (digits.length() + lead) / 4;
        short[] out4 = new short[groups];
        for (int g = 0; g < groups; g++) {
            int value = 0;
            for (int k = 0; k < 4; k++) {
                int i = g * 4 + k - lead;
                value = value * 10 + (i < 0 ? 0 : digits.charAt(i) - '0');
            }
            out4[g] = (short) value;
        }
        int first = 0;
        int last = groups;
        while (first < last && out4[first] == 0) {
            first++;
        }
        while (last > first && out4[last - 1] == 0) {
            last--;
        }
        int weight = groups - groupedScale / 4 - 1 - first;
        int n = last - first;
        out.putInt(8 + 2 * n);
        out.putShort(n);
        out.putShort(n == 0 ? 0 : weight);
        out.putShort(v.signum() < 0 ? NUMERIC_NEG : 0);
        out.putShort(dscale);
        for (int g = first; g < last; g++) {
            out.putShort(out4[g]);
        }
    }

    /** A numeric of at most 18 digits, as base-10000 groups of {@code digits} (scaled to whole groups). */
    private static void smallNumeric(long digits, int signum, int dscale, int groupedScale, ByteSink out) {
        short[] groups = new short[5];
        int n = 0;
        for (long u = digits; u != 0; u /= 10_000) {
            groups[n++] = (short) (u % 10_000); // least significant first
        }
        int trailingZeros = 0;
        while (trailingZeros < n && groups[trailingZeros] == 0) {
            trailingZeros++;
        }
        int ndigits = n - trailingZeros;
        out.putInt(8 + 2 * ndigits);
        out.putShort(ndigits);
        out.putShort(ndigits == 0 ? 0 : n - groupedScale / 4 - 1);
        out.putShort(signum < 0 ? NUMERIC_NEG : 0);
        out.putShort(dscale);
        for (int g = n - 1; g >= trailingZeros; g--) {
            out.putShort(groups[g]);
        }
    }

    /** NaN or an infinity in numeric's binary form (no digits, the sign says which). */
    static boolean numericSpecial(SpecialValue v, ByteSink out) {
        out.putInt(8);
        out.putShort(0);
        out.putShort(0);
        out.putShort(switch (v) {
            case NAN, END_OF_DAY -> NUMERIC_NAN;
            case POSITIVE_INFINITY -> NUMERIC_PINF;
            case NEGATIVE_INFINITY -> NUMERIC_NINF;
        });
        out.putShort(0);
        return true;
    }

    /** A uuid's 16 bytes as PostgreSQL prints it: lower-case hex in groups of 8-4-4-4-12. */
    public static String uuid(byte[] b, int off) {
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(Character.forDigit((b[off + i] >> 4) & 0xf, 16)).append(Character.forDigit(b[off + i] & 0xf, 16));
        }
        return s.toString();
    }

    /** Whether the bytes at {@code off} start with binary COPY's signature. */
    public static boolean isCopySignature(byte[] b, int off) {
        return java.util.Arrays.equals(b, off, off + COPY_SIGNATURE_BYTES, COPY_HEADER, 0, COPY_SIGNATURE_BYTES);
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static int i32(byte[] b, int off) {
        return (b[off] << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xffffffffL);
    }
}
