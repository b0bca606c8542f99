package dev.cdcsync.core.decode;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * OGC well-known binary (as Debezium delivers MySQL/MariaDB spatial values) to well-known text, with
 * {@code SRID=n;} in front when the source gave a spatial reference: PostGIS reads this (EWKT), and any
 * target can store it as text. Coordinates print in their shortest exact decimal form.
 */
final class WellKnownText {

    private final ByteBuffer in;

    private WellKnownText(byte[] wkb) {
        this.in = ByteBuffer.wrap(wkb);
    }

    static String of(byte[] wkb, Integer srid) {
        StringBuilder s = new StringBuilder();
        if (srid != null && srid != 0) {
            s.append("SRID=").append(srid).append(';');
        }
        WellKnownText reader = new WellKnownText(wkb);
        reader.geometry(s);
        if (reader.in.hasRemaining()) {
            throw new DecodeException("well-known binary with " + reader.in.remaining() + " bytes after the geometry");
        }
        return s.toString();
    }

    private void geometry(StringBuilder s) {
        in.order(in.get() == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt();
        switch (type) {
            case 1 -> point(s.append("POINT"));
            case 2 -> points(s.append("LINESTRING"));
            case 3 -> rings(s.append("POLYGON"));
            case 4, 5, 6, 7 -> collection(s.append(switch (type) {
                case 4 -> "MULTIPOINT";
                case 5 -> "MULTILINESTRING";
                case 6 -> "MULTIPOLYGON";
                default -> "GEOMETRYCOLLECTION";
            }), type == 7);
            default -> throw new DecodeException("well-known binary of geometry type " + type
                    + " (only 2D OGC types are carried)");
        }
    }

    private void point(StringBuilder s) {
        s.append('(');
        coordinate(s);
        s.append(')');
    }

    private void coordinate(StringBuilder s) {
        s.append(number(in.getDouble())).append(' ').append(number(in.getDouble()));
    }

    private void points(StringBuilder s) {
        list(s, this::coordinate);
    }

    private void rings(StringBuilder s) {
        list(s, this::points);
    }

    /** A multi-geometry's members are whole geometries (each with its own byte order and type); only the body is written. */
    private void collection(StringBuilder s, boolean tagged) {
        list(s, out -> {
            StringBuilder member = new StringBuilder();
            geometry(member);
            out.append(tagged ? member : member.substring(member.indexOf("(")));
        });
    }

    /** A count, then that many members: {@code (a,b,...)}, or {@code EMPTY}. */
    private void list(StringBuilder s, Consumer<StringBuilder> member) {
        int n = in.getInt();
        if (n == 0) {
            s.append(" EMPTY");
            return;
        }
        s.append('(');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(',');
            }
            member.accept(s);
        }
        s.append(')');
    }

    /** Plain digits for everyday magnitudes, exponent form ({@code 1.5e300}) for the extremes: both exact. */
    private static String number(double d) {
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        double abs = Math.abs(d);
        if (abs >= 1e-7 && abs < 1e21) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return Double.toString(d).replace("E", "e");
    }
}
