package dev.cdcsync.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.Interval;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ValueNormalizerTest {

    private static Object convert(Schema schema, boolean binlog, Object value) {
        return ValueNormalizer.forSchema(schema, ColumnTypes.fromConnect(schema, binlog)).apply(value);
    }

    @Test
    void aMillisecondTimestampInYear9999DoesNotOverflow() {
        Schema millis = SchemaBuilder.int64().name("io.debezium.time.Timestamp").build();
        assertThat(convert(millis, true, 253_402_300_799_000L)).isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59));
        assertThat(convert(millis, true, -1L)).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000));
    }

    @Test
    void aBinlogTimeIsADurationAndAPostgresTimeATimeOfDay() {
        Schema micro = SchemaBuilder.int64().name("io.debezium.time.MicroTime").build();
        assertThat(ColumnTypes.fromConnect(micro, true).kind()).isEqualTo(Kind.INTERVAL);
        assertThat(convert(micro, true, -3_020_399_000_000L)).isEqualTo(Interval.ofMicros(-3_020_399_000_000L));
        assertThat(convert(micro, false, 3_600_000_001L)).isEqualTo(LocalTime.of(1, 0, 0, 1_000));
    }
}
