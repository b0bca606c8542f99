package dev.cdcsync.connector.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of {@code COPY .. TO STDOUT} in text format, split into its fields: a tab between fields, {@code \N} for
 * NULL, and backslash escapes for the backslash itself and control characters. A tab byte never occurs inside a
 * UTF-8 sequence, so the row is split as bytes and each field decoded once.
 */
final class PgCopyText {

    private PgCopyText() {
    }

    /**
     * @param row    the row's bytes, without its newline
     * @param fields how many fields the row has
     * @return each field's text, null for NULL
     * @throws IllegalArgumentException when the row has another number of fields
     */
    static String[] fields(byte[] row, int length, int fields) {
        String[] out = new String[fields];
        int field = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || row[i] == '\t') {
                if (field == fields) {
                    throw new IllegalArgumentException("COPY row with more than " + fields + " fields");
                }
                out[field++] = field(row, start, i);
                start = i + 1;
            }
        }
        if (field != fields) {
            throw new IllegalArgumentException("COPY row with " + field + " fields, expected " + fields);
        }
        return out;
    }

    private static String field(byte[] row, int from, int to) {
        if (to - from == 2 && row[from] == '\\' && row[from + 1] == 'N') {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (row[i] == '\\') {
                return unescape(row, from, to);
            }
        }
        return new String(row, from, to - from, StandardCharsets.UTF_8);
    }

    private static String unescape(byte[] row, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = row[i];
            if (b != '\\' || i + 1 == to) {
                out[n++] = b;
                continue;
            }
            byte e = row[++i];
            switch (e) {
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'v' -> out[n++] = 0x0b;
                case 'x' -> {
                    int v = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < to && Character.digit(row[i + 1], 16) >= 0) {
                        v = v * 16 + Character.digit(row[++i], 16);
                        digits++;
                    }
                    out[n++] = (byte) v;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int d = 0; d < 2 && i + 1 < to && row[i + 1] >= '0' && row[i + 1] <= '7'; d++) {
                            v = v * 8 + (row[++i] - '0');
                        }
                        out[n++] = (byte) v;
                    } else {
                        out[n++] = e; // \\ and any other escaped character stand for themselves
                    }
                }
            }
        }
        return new String(Arrays.copyOf(out, n), StandardCharsets.UTF_8);
    }
}
