package dev.cdcsync.connector.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class MongoValuesTest {

    @Test
    void decimalsStayExactAsDecimal128OrTheirTextWhenTooLong() {
        ColumnType decimal = ColumnType.decimal(40, 2);
        assertThat(MongoValues.DEFAULT.toBson(new BigDecimal("12.50"), decimal)).isEqualTo(new Decimal128(new BigDecimal("12.50")));
        String forty = "1234567890123456789012345678901234567890.12";
        assertThat(MongoValues.DEFAULT.toBson(new BigDecimal(forty), decimal)).as("over 34 digits: never rounded").isEqualTo(forty);
        assertThat(MongoValues.DEFAULT.toBson(SpecialValue.NAN, decimal)).isEqualTo(Decimal128.NaN);
    }

    @Test
    void timestampsFinerThanMillisecondsAreDatesWithTheirMicrosecondsBesideOrExactText() {
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 13, 45, 59, 123_456_000);
        ColumnType micros = ColumnType.of(Kind.TIMESTAMP, 6);
        MongoValues dates = MongoValues.DEFAULT;
        assertThat(dates.toBson(t, micros)).isEqualTo(Date.from(java.time.Instant.parse("2024-02-29T13:45:59.123Z")));
        assertThat(dates.hasMicrosField(micros)).isTrue();
        assertThat(dev.cdcsync.core.model.SubMilliseconds.micros(t)).as("the rest, beside the date").isEqualTo(456);
        assertThat(dates.toBson(List.of(t), ColumnType.arrayOf(micros))).as("no field beside an array's elements: text")
                .isEqualTo(List.of("2024-02-29T13:45:59.123456Z"));

        MongoValues text = new MongoValues(true, false);
        assertThat(text.toBson(t, micros)).isEqualTo("2024-02-29T13:45:59.123456Z");
        assertThat(text.hasMicrosField(micros)).isFalse();

        ColumnType millis = ColumnType.of(Kind.TIMESTAMP, 3);
        assertThat(text.toBson(t.withNano(123_000_000), millis)).isInstanceOf(Date.class);
        assertThat(dates.hasMicrosField(millis)).as("a date holds milliseconds whole").isFalse();
        assertThat(dates.toBson(LocalDate.of(-44, 3, 15), ColumnType.of(Kind.DATE))).isInstanceOf(Date.class);
    }

    @Test
    void jsonCanStayText() {
        String json = "{\"$set\": 1}";
        assertThat(new MongoValues(false, true).toBson(json, ColumnType.of(Kind.JSON))).isEqualTo(json);
    }

    @Test
    void jsonBecomesDocumentsWhoseKeysCannotActAsOperators() {
        Object v = MongoValues.DEFAULT.toBson("{\"$set\": {\"a.b\": 1.10}, \"n\": 12345678901234567890}", ColumnType.of(Kind.JSON));
        assertThat(v).isEqualTo(new Document("%24set", new Document("a%2Eb", new Decimal128(new BigDecimal("1.10"))))
                .append("n", new Decimal128(new BigDecimal("12345678901234567890"))));
    }

    @Test
    void uuidsIntervalsAndArrays() {
        String id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        assertThat(MongoValues.DEFAULT.toBson(id, ColumnType.of(Kind.UUID))).isEqualTo(UUID.fromString(id));
        assertThat(MongoValues.DEFAULT.toBson(new Interval(14, 3, 4_500_000), ColumnType.of(Kind.INTERVAL))).isEqualTo("P14M3DT4.5S");
        assertThat(MongoValues.DEFAULT.toBson(List.of(List.of(1, 2), List.of(3, 4)), ColumnType.arrayOf(ColumnType.of(Kind.INT32))))
                .isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
    }

    @Test
    void namesAreEscapedReversiblySoNoSourceNameIsAnOperatorOrAPath() {
        assertThat(MongoNames.field("$where.x%y")).isEqualTo("%24where%2Ex%25y");
        assertThat(MongoNames.field("plain_name")).isEqualTo("plain_name");
        assertThat(MongoNames.collection("system.users")).as("not MongoDB's reserved system. prefix").isEqualTo("system%2Eusers");
    }
}
