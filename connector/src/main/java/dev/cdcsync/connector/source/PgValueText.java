package dev.cdcsync.connector.source;

import static dev.cdcsync.core.decode.PostgresText.era;
import static dev.cdcsync.core.decode.PostgresText.yearMonthDay;

import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * PostgreSQL's text of a value as Debezium's PostgreSQL reader hands it over. The snapshot reads claimed
 * columns as text, and pgoutput sends text, which Debezium passes on for most types; for the rest
 * (dates, timestamps, intervals, money, geometric types, arrays) it parsed the text into an object,
 * which is turned back into the same text here. Anything else is refused, never guessed.
 */
final class PgValueText {

    private PgValueText() {
    }

    static String of(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof java.sql.Array array) {
            return array.toString(); // pgjdbc's PgArray keeps the literal it was made from
        }
        if (raw instanceof PGInterval i) {
            return interval(i);
        }
        if (raw instanceof PGobject o) {
            return o.getValue();
        }
        if (raw instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw instanceof Boolean b ? (b ? "t" : "f") : raw.toString(); // domains over integers, floats, booleans
        }
        if (raw instanceof SpecialValueDecimal d) {
            return d.getDecimalValue().map(BigDecimal::toPlainString).orElse(d.toString());
        }
        if (raw instanceof byte[] bytes) {
            return "\\x" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (raw instanceof LocalDate d) {
            return date(d);
        }
        if (raw instanceof Instant i) {
            return timestamp(i);
        }
        if (raw instanceof OffsetDateTime t) {
            return timestampTz(t);
        }
        if (raw instanceof OffsetTime t) {
            return clock(t.toLocalTime()) + offset(t.getOffset());
        }
        throw new IllegalArgumentException("unexpected " + raw.getClass().getName() + " from Debezium's reader");
    }

    private static String date(LocalDate d) {
        if (d.equals(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE)) {
            return "infinity";
        }
        if (d.equals(PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE)) {
            return "-infinity";
        }
        return yearMonthDay(d) + era(d);
    }

    /** {@code hh:mm:ss} and, when there are any, six fractional digits. */
    private static String clock(LocalTime t) {
        StringBuilder s = new StringBuilder(15);
        two(s, t.getHour()).append(':');
        two(s, t.getMinute()).append(':');
        two(s, t.getSecond());
        int micros = t.getNano() / 1_000;
        if (micros != 0) {
            String digits = Integer.toString(micros);
            s.append('.').append("000000", digits.length(), 6).append(digits);
        }
        return s.toString();
    }

    private static StringBuilder two(StringBuilder s, int n) {
        return s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** pgoutput's timestamp, which Debezium read as an instant in UTC. */
    private static String timestamp(Instant i) {
        if (i.equals(PostgresValueConverter.POSITIVE_INFINITY_INSTANT)) {
            return "infinity";
        }
        if (i.equals(PostgresValueConverter.NEGATIVE_INFINITY_INSTANT)) {
            return "-infinity";
        }
        LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        return withEra(t.toLocalDate(), t.toLocalTime(), "");
    }

    private static String timestampTz(OffsetDateTime t) {
        if (t.equals(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "infinity";
        }
        if (t.equals(PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "-infinity";
        }
        return withEra(t.toLocalDate(), t.toLocalTime(), offset(t.getOffset()));
    }

    private static String withEra(LocalDate d, LocalTime time, String offset) {
        return yearMonthDay(d) + " " + clock(time) + offset + era(d);
    }

    private static String offset(ZoneOffset o) {
        return o.getTotalSeconds() == 0 ? "+00" : o.getId();
    }

    /** PGInterval splits the text into signed parts; its seconds carry exact microseconds. */
    private static String interval(PGInterval i) {
        long micros = Math.addExact(Math.addExact(i.getHours() * 3_600_000_000L, i.getMinutes() * 60_000_000L),
                i.getWholeSeconds() * 1_000_000L + i.getMicroSeconds());
        long abs = Math.abs(micros);
        String clock = String.format("%s%d:%02d:%02d.%06d", micros < 0 ? "-" : "", abs / 3_600_000_000L,
                abs / 60_000_000L % 60, abs / 1_000_000L % 60, abs % 1_000_000L);
        return i.getYears() + " years " + i.getMonths() + " mons " + i.getDays() + " days " + clock;
    }
}
