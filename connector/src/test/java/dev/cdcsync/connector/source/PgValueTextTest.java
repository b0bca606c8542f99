package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.postgresql.geometric.PGbox;
import org.postgresql.util.PGInterval;

/** What Debezium's pgoutput reader parsed goes back to the text PostgreSQL sent. */
class PgValueTextTest {

    @Test
    void infinitiesThatDebeziumTurnedIntoSentinelsAreInfinitiesAgain() {
        assertThat(PgValueText.of(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE)).isEqualTo("infinity");
        assertThat(PgValueText.of(PostgresValueConverter.NEGATIVE_INFINITY_INSTANT)).isEqualTo("-infinity");
        assertThat(PgValueText.of(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)).isEqualTo("infinity");
    }

    @Test
    void datesAndTimestampsKeepTheirEraAndMicroseconds() {
        assertThat(PgValueText.of(LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(PgValueText.of(Instant.parse("2024-02-29T13:45:59.000001Z"))).isEqualTo("2024-02-29 13:45:59.000001");
        assertThat(PgValueText.of(OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("0001-01-01 00:00:00+00 BC");
        assertThat(PgValueText.of(OffsetTime.of(6, 30, 0, 0, ZoneOffset.UTC))).isEqualTo("06:30:00+00");
    }

    @Test
    void intervalsNumbersAndGeometricValuesAreTheirText() throws Exception {
        assertThat(PgValueText.of(new PGInterval("-1 mons +2 days -03:04:05.678901")))
                .isEqualTo("0 years -1 mons 2 days -3:04:05.678901");
        assertThat(PgValueText.of(new SpecialValueDecimal(new BigDecimal("1.50")))).isEqualTo("1.50");
        assertThat(PgValueText.of(new PGbox("(1,1),(0,0)"))).isEqualTo("(1.0,1.0),(0.0,0.0)");
        assertThat(PgValueText.of(new byte[] {0, (byte) 255})).isEqualTo("\\x00ff");
    }

    @Test
    void anythingElseIsRefusedNotGuessed() {
        assertThatThrownBy(() -> PgValueText.of(new Object())).hasMessageContaining("unexpected java.lang.Object");
    }
}
