package dev.cdcsync.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresTextTest {

    private static Object parse(Kind kind, String text) {
        return PostgresText.parse(ColumnType.of(kind), text);
    }

    @Test
    void infiniteAndBcDatesAndTimestampsKeepTheirMeaning() {
        assertThat(parse(Kind.DATE, "infinity")).isEqualTo(SpecialValue.POSITIVE_INFINITY);
        assertThat(parse(Kind.DATE, "-infinity")).isEqualTo(SpecialValue.NEGATIVE_INFINITY);
        assertThat(parse(Kind.DATE, "0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(parse(Kind.DATE, "5874897-12-31")).isEqualTo(LocalDate.of(5874897, 12, 31));
        assertThat(parse(Kind.TIMESTAMP, "0001-12-31 23:59:59.999999 BC"))
                .isEqualTo(LocalDateTime.of(0, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(parse(Kind.TIMESTAMP_TZ, "1582-10-10 06:30:00+05:30"))
                .isEqualTo(OffsetDateTime.of(1582, 10, 10, 6, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        assertThat(parse(Kind.TIMESTAMP_TZ, "4713-01-01 00:00:00+00 BC"))
                .isEqualTo(OffsetDateTime.of(-4712, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void endOfDayAndOffsetsOfTimesSurvive() {
        assertThat(parse(Kind.TIME, "24:00:00")).isEqualTo(SpecialValue.END_OF_DAY);
        assertThat(parse(Kind.TIME, "23:59:59.999999")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(parse(Kind.TIME_TZ, "00:00:00+15:59")).isEqualTo(OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHoursMinutes(15, 59)));
        assertThat(parse(Kind.TIME_TZ, "10:00:00-03")).isEqualTo(OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(-3)));
    }

    @Test
    void intervalsKeepMonthsDaysAndMicrosecondsApart() {
        assertThat(PostgresText.interval("1 year 2 mons")).isEqualTo(new Interval(14, 0, 0));
        assertThat(PostgresText.interval("-1 mons +2 days -03:04:05.678901"))
                .isEqualTo(new Interval(-1, 2, -11_045_678_901L));
        assertThat(PostgresText.interval("-178000000 years")).isEqualTo(new Interval(-2_136_000_000, 0, 0));
        assertThat(PostgresText.interval("00:00:00.000001")).isEqualTo(new Interval(0, 0, 1));
        assertThat(PostgresText.interval("P1Y2M3DT4H5M6.789S")).isEqualTo(new Interval(14, 3, 14_706_789_000L));
        assertThat(PostgresText.interval("P-1M2DT-3H")).isEqualTo(new Interval(-1, 2, -10_800_000_000L));
    }

    @Test
    void decimalsKeepEveryDigitAndTheirSpecialValues() {
        assertThat(PostgresText.decimal("-0.000000000000000000000000000001")).isEqualTo(new BigDecimal("-1E-30"));
        assertThat(PostgresText.decimal("NaN")).isEqualTo(SpecialValue.NAN);
        assertThat(PostgresText.decimal("Infinity")).isEqualTo(SpecialValue.POSITIVE_INFINITY);
        assertThat(PostgresText.decimal("NEGATIVE_INFINITY")).isEqualTo(SpecialValue.NEGATIVE_INFINITY);
        assertThat(PostgresText.parse(ColumnType.decimal(null, null).withSourceType("money"), "-$92,233,720,368,547,758.08"))
                .isEqualTo(new BigDecimal("-92233720368547758.08"));
    }

    @Test
    void arraysOfAnyDimensionWithNullEmptyAndQuotedElements() {
        ColumnType ints = ColumnType.arrayOf(ColumnType.of(Kind.INT32));
        assertThat(PostgresText.parse(ints, "{}")).isEqualTo(List.of());
        assertThat(PostgresText.parse(ints, "{1,NULL,3}")).isEqualTo(Arrays.asList(1, null, 3));
        assertThat(PostgresText.parse(ints, "{{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        ColumnType texts = ColumnType.arrayOf(ColumnType.of(Kind.STRING));
        assertThat(PostgresText.parse(texts, "{\"a b\",\"c,d\",\"e\\\"f\",NULL,\"\",\"NULL\",\"{}\",\"back\\\\slash\"}"))
                .isEqualTo(Arrays.asList("a b", "c,d", "e\"f", null, "", "NULL", "{}", "back\\slash"));
        ColumnType decimals = ColumnType.arrayOf(ColumnType.decimal(null, null));
        assertThat(PostgresText.parse(decimals, "{1.5,NaN,-0.001}"))
                .isEqualTo(List.of(new BigDecimal("1.5"), SpecialValue.NAN, new BigDecimal("-0.001")));
    }

    @Test
    void anArrayWithOtherBoundsThanOneIsRefusedNotShifted() {
        ColumnType ints = ColumnType.arrayOf(ColumnType.of(Kind.INT32));
        assertThatThrownBy(() -> PostgresText.parse(ints, "[0:1]={1,2}"))
                .isInstanceOf(DecodeException.class).hasMessageContaining("lower bound");
        assertThatThrownBy(() -> PostgresText.parse(ints, "{1,2"))
                .isInstanceOf(DecodeException.class).hasMessageContaining("not an array literal");
    }

    @Test
    void byteaOutsideHexFormIsRefused() {
        assertThat((byte[]) parse(Kind.BYTES, "\\x00ff")).containsExactly(0, 255);
        assertThatThrownBy(() -> parse(Kind.BYTES, "abc")).hasMessageContaining("hex");
    }

    @Test
    void aValueTheConverterCouldNotCarryStopsInsteadOfBecomingNull() {
        var schema = org.apache.kafka.connect.data.SchemaBuilder.string().name(SourceText.LOGICAL_NAME).optional()
                .parameter(SourceText.KIND, "DATE").build();
        var convert = ValueNormalizer.forSchema(schema, ColumnTypes.fromConnect(schema));
        assertThat(convert.apply("0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThatThrownBy(() -> convert.apply(SourceText.FAILED + "date value x: unexpected"))
                .isInstanceOf(DecodeException.class).hasMessage("date value x: unexpected");
    }
}
