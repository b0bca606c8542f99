package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.GeoPoint;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's text output (DateStyle ISO, IntervalStyle postgres, bytea_output hex) parsed into the
 * normalized value of a portable kind: the form in which {@link SourceText} fields and array elements
 * arrive. BC dates become proleptic ISO years (1 BC is year 0), {@code infinity} a {@link SpecialValue}.
 */
public final class PostgresText {

    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(?:([-+]?\\d+)Y)?(?:([-+]?\\d+)M)?(?:([-+]?\\d+)W)?(?:([-+]?\\d+)D)?"
                    + "(?:T(?:([-+]?\\d+)H)?(?:([-+]?\\d+)M)?(?:([-+]?\\d+(?:\\.\\d+)?)S)?)?");

    private PostgresText() {
    }

    public static Object parse(ColumnType type, String text) {
        if (text == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> bool(text);
            case INT16 -> Short.valueOf(text);
            case INT32 -> Integer.valueOf(text);
            case INT64 -> Long.valueOf(text);
            case FLOAT32 -> Float.valueOf(text);
            case FLOAT64 -> Double.valueOf(text);
            case DECIMAL -> "money".equals(type.sourceType()) ? money(text) : decimal(text);
            case STRING, CHAR, UUID, JSON, ENUM, BITS, GEOMETRY, NATIVE -> text;
            case BYTES -> bytes(text);
            case DATE -> date(text);
            case TIME -> text.startsWith("24:") ? SpecialValue.END_OF_DAY : clockTime(text, 0, text.length());
            case TIME_TZ -> timeTz(text);
            case TIMESTAMP -> timestamp(text);
            case TIMESTAMP_TZ -> timestampTz(text);
            case INTERVAL -> interval(text);
            case POINT -> point(text);
            case ARRAY -> elements(type.element(), ArrayLiteral.parse(text));
        };
    }

    private static List<Object> elements(ColumnType element, List<Object> texts) {
        return texts.stream().map(e -> e instanceof List<?> inner
                ? elements(element, castList(inner)) : parse(element, (String) e)).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> list) {
        return (List<Object>) list;
    }

    private static Boolean bool(String s) {
        return switch (s) {
            case "t", "true" -> true;
            case "f", "false" -> false;
            default -> throw new DecodeException("not a boolean: '" + s + "'");
        };
    }

    /**
     * Every digit kept; NaN and the infinities have no BigDecimal. Debezium's {@code decimal.handling.mode=string}
     * spells the infinities {@code POSITIVE_INFINITY} and {@code NEGATIVE_INFINITY}.
     */
    public static Object decimal(String text) {
        String s = text.trim();
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "nan" -> SpecialValue.NAN;
            case "infinity", "+infinity", "inf", "positive_infinity" -> SpecialValue.POSITIVE_INFINITY;
            case "-infinity", "-inf", "negative_infinity" -> SpecialValue.NEGATIVE_INFINITY;
            default -> new BigDecimal(s);
        };
    }

    /** A money value as lc_monetary prints it in the C and English locales: {@code -$1,234.56}. */
    private static BigDecimal money(String text) {
        String digits = text.replaceAll("[^0-9.\\-]", "");
        boolean negative = text.startsWith("(") || digits.startsWith("-");
        BigDecimal value = new BigDecimal(digits.replace("-", ""));
        return negative ? value.negate() : value;
    }

    private static byte[] bytes(String s) {
        if (!s.startsWith("\\x")) {
            throw new DecodeException("bytea value not in hex form (bytea_output must be hex): " + s.substring(0, Math.min(20, s.length())));
        }
        return HexFormat.of().parseHex(s, 2, s.length());
    }

    public static Object date(String text) {
        return dated(text, (s, bc) -> localDate(s, bc));
    }

    public static Object timestamp(String text) {
        return dated(text, (s, bc) -> {
            int space = s.indexOf(' ');
            return LocalDateTime.of(localDate(s.substring(0, space), bc), clockTime(s, space + 1, s.length()));
        });
    }

    public static Object timestampTz(String text) {
        return dated(text, (s, bc) -> {
            int space = s.indexOf(' ');
            String time = s.substring(space + 1);
            int sign = Math.max(time.lastIndexOf('+'), time.lastIndexOf('-'));
            return OffsetDateTime.of(localDate(s.substring(0, space), bc), clockTime(time, 0, sign),
                    ZoneOffset.of(time.substring(sign)));
        });
    }

    private interface DatedText {
        Object parse(String withoutEra, boolean bc);
    }

    /** {@code infinity}, {@code -infinity}, or the text without its {@code BC} suffix parsed by {@code parser}. */
    private static Object dated(String text, DatedText parser) {
        return switch (text) {
            case "infinity" -> SpecialValue.POSITIVE_INFINITY;
            case "-infinity" -> SpecialValue.NEGATIVE_INFINITY;
            default -> text.endsWith(" BC") ? parser.parse(text.substring(0, text.length() - 3), true) : parser.parse(text, false);
        };
    }

    private static OffsetTime timeTz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        return OffsetTime.of(clockTime(text, 0, sign), ZoneOffset.of(text.substring(sign)));
    }

    /** {@code hh:mm:ss[.f...]} between {@code from} and {@code to}; by hand, since this runs for every value. */
    private static LocalTime clockTime(String s, int from, int to) {
        if (to - from < 8 || s.charAt(from + 2) != ':' || s.charAt(from + 5) != ':') {
            throw new DecodeException("not a time of day: '" + s.substring(from, to) + "'");
        }
        int nanos = 0;
        if (to > from + 8) {
            if (s.charAt(from + 8) != '.' || to - from > 18) {
                throw new DecodeException("not a time of day: '" + s.substring(from, to) + "'");
            }
            int digits = to - from - 9;
            nanos = Integer.parseInt(s, from + 9, to, 10) * (int) Math.pow(10, 9 - digits);
        }
        return LocalTime.of(Integer.parseInt(s, from, from + 2, 10), Integer.parseInt(s, from + 3, from + 5, 10),
                Integer.parseInt(s, from + 6, from + 8, 10), nanos);
    }

    /**
     * A date as PostgreSQL writes it, without the era: four or more year digits and no sign ({@link #era} adds
     * {@code BC}, where ISO year 0 is 1 BC). ISO's own text for years 1 to 9999, the common and cheap case.
     */
    public static String yearMonthDay(LocalDate d) {
        if (d.getYear() > 0 && d.getYear() <= 9999) {
            return d.toString();
        }
        int year = d.getYear() > 0 ? d.getYear() : 1 - d.getYear();
        return String.format("%04d-%02d-%02d", year, d.getMonthValue(), d.getDayOfMonth());
    }

    /** {@code " BC"} for a date before year 1, else nothing: PostgreSQL writes the era after the whole value. */
    public static String era(LocalDate d) {
        return d.getYear() > 0 ? "" : " BC";
    }

    /** {@code yyyy-mm-dd} with a year of four or more digits; a BC year n is ISO year 1 - n. */
    private static LocalDate localDate(String s, boolean bc) {
        int first = s.indexOf('-');
        int second = s.indexOf('-', first + 1);
        int year = Integer.parseInt(s.substring(0, first));
        return LocalDate.of(bc ? 1 - year : year, Integer.parseInt(s.substring(first + 1, second)),
                Integer.parseInt(s.substring(second + 1)));
    }

    /** PostgreSQL's own style ({@code 1 year 2 mons -3 days +04:05:06.7}) or ISO 8601 ({@code P1Y2M3DT4H5M6.7S}). */
    public static Interval interval(String text) {
        String s = text.trim();
        if (s.startsWith("P") || s.startsWith("-P")) {
            return isoInterval(s);
        }
        long months = 0;
        long days = 0;
        long micros = 0;
        String[] parts = s.split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].contains(":")) {
                micros = Math.addExact(micros, clock(parts[i]));
                continue;
            }
            if (i + 1 >= parts.length) {
                throw new DecodeException("not an interval: '" + text + "'");
            }
            long n = Long.parseLong(parts[i]);
            switch (parts[++i]) {
                case "year", "years" -> months += n * 12;
                case "mon", "mons" -> months += n;
                case "day", "days" -> days += n;
                default -> throw new DecodeException("not an interval (IntervalStyle must be postgres): '" + text + "'");
            }
        }
        return new Interval(Math.toIntExact(months), Math.toIntExact(days), micros);
    }

    /** {@code [-+]hh:mm:ss[.ffffff]} with any number of hours. */
    private static long clock(String s) {
        boolean negative = s.startsWith("-");
        String[] hms = s.replaceFirst("^[-+]", "").split(":");
        long micros = Math.addExact(Math.multiplyExact(Long.parseLong(hms[0]), 3_600_000_000L),
                Long.parseLong(hms[1]) * 60_000_000L + new BigDecimal(hms[2]).movePointRight(6).longValueExact());
        return negative ? -micros : micros;
    }

    private static Interval isoInterval(String text) {
        boolean negative = text.startsWith("-");
        Matcher m = ISO_INTERVAL.matcher(negative ? text.substring(1) : text);
        if (!m.matches()) {
            throw new DecodeException("not an ISO 8601 interval: '" + text + "'");
        }
        long months = part(m, 1) * 12 + part(m, 2);
        long days = part(m, 3) * 7 + part(m, 4);
        long micros = part(m, 5) * 3_600_000_000L + part(m, 6) * 60_000_000L
                + (m.group(7) == null ? 0 : new BigDecimal(m.group(7)).movePointRight(6).longValueExact());
        int sign = negative ? -1 : 1;
        return new Interval(Math.toIntExact(sign * months), Math.toIntExact(sign * days), sign * micros);
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }

    private static GeoPoint point(String s) {
        String inner = s.trim().substring(1, s.trim().length() - 1);
        int comma = inner.indexOf(',');
        return new GeoPoint(Double.parseDouble(inner.substring(0, comma)), Double.parseDouble(inner.substring(comma + 1)), null);
    }
}
