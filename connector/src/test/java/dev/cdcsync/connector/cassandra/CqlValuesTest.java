package dev.cdcsync.connector.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqlValuesTest {

    private final CqlValues values = new CqlValues(false);

    @Test
    void tableNamesCassandraCannotHoldBecomeTheirLettersAndAChecksumColumnsStayVerbatim() {
        assertThat(CqlNames.table("Orders_2024")).isEqualTo("Orders_2024");
        String hostile = CqlNames.table("Ta\"b;le ünï DROP");
        assertThat(hostile).matches("Ta_b_le__n__DROP_[0-9a-f]{8}").isNotEqualTo(CqlNames.table("Ta\"b;le ünï DROP!"));
        assertThat(CqlNames.table("x".repeat(60))).hasSize(48);
        assertThat(CqlNames.quote("Co\"l; `ümn`")).isEqualTo("\"Co\"\"l; `ümn`\"");
    }

    @Test
    void timestampsKeepMillisecondsAndTheRestBesideThem() {
        ColumnType micros = ColumnType.of(Kind.TIMESTAMP, 6);
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 13, 45, 59, 123_456_000);
        assertThat(values.type(micros)).isEqualTo("timestamp");
        assertThat(values.toCql(t, micros)).isEqualTo(Instant.parse("2024-02-29T13:45:59.123Z"));
        assertThat(values.hasMicrosColumn(micros)).isTrue();
        assertThat(dev.cdcsync.core.model.SubMilliseconds.micros(t)).isEqualTo(456);
        assertThat(new CqlValues(true).toCql(t, micros)).isEqualTo("2024-02-29T13:45:59.123456Z");
        assertThat(values.hasMicrosColumn(ColumnType.of(Kind.TIMESTAMP, 3))).isFalse();
    }

    @Test
    void valuesCqlCannotHoldAreRefusedNotBent() {
        assertThatThrownBy(() -> values.toCql(SpecialValue.NAN, ColumnType.decimal(10, 2))).hasMessageContaining("NAN");
        assertThatThrownBy(() -> values.toCql(SpecialValue.POSITIVE_INFINITY, ColumnType.of(Kind.TIMESTAMP, 6)))
                .hasMessageContaining("no CQL timestamp value");
        ColumnType ints = ColumnType.arrayOf(ColumnType.of(Kind.INT32));
        assertThatThrownBy(() -> values.toCql(Arrays.asList(1, null), ints)).hasMessageContaining("NULL");
        assertThatThrownBy(() -> values.toCql(List.of(List.of(1), List.of(2)), ints)).hasMessageContaining("multi-dimensional");
        assertThatThrownBy(() -> values.toCql(new Interval(1, -1, 0), ColumnType.of(Kind.INTERVAL))).hasMessageContaining("mixes signs");
    }

    @Test
    void exactTypes() {
        assertThat(values.type(ColumnType.decimal(40, 2))).isEqualTo("decimal");
        assertThat(values.toCql(new BigDecimal("12345678901234567890123456789012345678.12"), ColumnType.decimal(40, 2)))
                .isEqualTo(new BigDecimal("12345678901234567890123456789012345678.12"));
        assertThat(values.toCql(new Interval(14, 3, 4_500_000), ColumnType.of(Kind.INTERVAL)))
                .isEqualTo(CqlDuration.newInstance(14, 3, 4_500_000_000L));
        assertThat(values.type(ColumnType.arrayOf(ColumnType.of(Kind.STRING)))).isEqualTo("list<text>");
    }
}
