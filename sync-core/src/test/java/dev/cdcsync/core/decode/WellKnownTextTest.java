package dev.cdcsync.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WellKnownTextTest {

    /** A little-endian WKB writer, enough for the test's shapes. */
    private static final class Wkb {
        private final ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

        Wkb header(int type) {
            b.put((byte) 1).putInt(type);
            return this;
        }

        Wkb count(int n) {
            b.putInt(n);
            return this;
        }

        Wkb xy(double x, double y) {
            b.putDouble(x).putDouble(y);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }
    }

    @Test
    void polygonsWithHolesKeepEveryCoordinateExactly() {
        byte[] wkb = new Wkb().header(3).count(2)
                .count(4).xy(0, 0).xy(10, 0).xy(0.1, 1e-7).xy(0, 0)
                .count(4).xy(1, 1).xy(2, 1).xy(-2.25, 1.7976931348623157e308).xy(1, 1).bytes();
        assertThat(WellKnownText.of(wkb, 0)).isEqualTo("POLYGON((0 0,10 0,0.1 0.0000001,0 0),(1 1,2 1,-2.25 1.7976931348623157e308,1 1))");
    }

    @Test
    void collectionsNameTheirMembersAndMultiPointsDoNot() {
        byte[] multi = new Wkb().header(4).count(2).header(1).xy(1, 2).header(1).xy(3, 4).bytes();
        assertThat(WellKnownText.of(multi, 4326)).isEqualTo("SRID=4326;MULTIPOINT((1 2),(3 4))");
        byte[] collection = new Wkb().header(7).count(2).header(1).xy(1, 2).header(2).count(2).xy(0, 0).xy(1, 1).bytes();
        assertThat(WellKnownText.of(collection, null)).isEqualTo("GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))");
        assertThat(WellKnownText.of(new Wkb().header(7).count(0).bytes(), 0)).isEqualTo("GEOMETRYCOLLECTION EMPTY");
    }

    @Test
    void threeDimensionalOrUnknownGeometriesAreRefused() {
        assertThatThrownBy(() -> WellKnownText.of(new Wkb().header(1001).xy(1, 2).bytes(), 0))
                .isInstanceOf(DecodeException.class).hasMessageContaining("1001");
    }
}
