package dev.cdcsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void anLsnIsWrittenAsPostgresWritesIt() {
        assertThat(SourcePosition.pgLsn(0)).isEqualTo("0/0");
        assertThat(SourcePosition.pgLsn(0x16B3748L)).isEqualTo("0/16B3748");
        assertThat(SourcePosition.pgLsn(0x1_0000_000AL)).isEqualTo("1/A");
        assertThat(SourcePosition.pgLsn(-1L)).isEqualTo("FFFFFFFF/FFFFFFFF");
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long lsn = random.nextLong() >>> random.nextInt(64);
            assertThat(SourcePosition.pgLsn(lsn)).isEqualTo(Long.toHexString(lsn >>> 32).toUpperCase() + "/"
                    + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase());
        }
    }
}
