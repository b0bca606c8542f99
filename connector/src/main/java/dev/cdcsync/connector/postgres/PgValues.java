package dev.cdcsync.connector.postgres;

import static dev.cdcsync.core.decode.PostgresText.era;
import static dev.cdcsync.core.decode.PostgresText.yearMonthDay;

import dev.cdcsync.core.model.GeoPoint;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

/**
 * Binds normalized values as text that PostgreSQL parses into the column's own type (the
 * connection uses {@code stringtype=unspecified}). One path for every type keeps values exact:
 * decimals keep their digits and scale, floats their shortest round-trip form, times their microseconds,
 * dates their era (BC) and infinities.
 */
final class PgValues {

    private PgValues() {
    }

    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setString(index, text(value));
        }
    }

    static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (v instanceof List<?> list) {
            return arrayLiteral(list);
        }
        if (v instanceof GeoPoint point) {
            return "(" + point.x() + "," + point.y() + ")";
        }
        if (v instanceof SpecialValue special) {
            return special(special);
        }
        if (v instanceof Interval i) {
            return i.months() + " mons " + i.days() + " days " + i.seconds().toPlainString() + " secs";
        }
        if (v instanceof LocalDate d) {
            return yearMonthDay(d) + era(d);
        }
        if (v instanceof LocalDateTime t) {
            return yearMonthDay(t.toLocalDate()) + " " + t.toLocalTime() + era(t.toLocalDate());
        }
        if (v instanceof OffsetDateTime t) {
            return yearMonthDay(t.toLocalDate()) + " " + t.toLocalTime() + t.getOffset() + era(t.toLocalDate());
        }
        // Numbers, LocalTime, OffsetTime: their ISO toString is what PostgreSQL reads.
        return v.toString();
    }

    private static String special(SpecialValue v) {
        return switch (v) {
            case POSITIVE_INFINITY -> "infinity";
            case NEGATIVE_INFINITY -> "-infinity";
            case NAN -> "NaN";
            case END_OF_DAY -> "24:00:00";
        };
    }

    private static String arrayLiteral(List<?> list) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            Object e = list.get(i);
            if (e == null) {
                s.append("NULL");
            } else if (e instanceof List<?> inner) {
                s.append(arrayLiteral(inner));
            } else {
                s.append('"').append(text(e).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return s.append('}').toString();
    }
}
