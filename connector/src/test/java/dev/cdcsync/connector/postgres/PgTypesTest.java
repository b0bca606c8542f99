package dev.cdcsync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.Interval;
import dev.cdcsync.core.model.SpecialValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgTypesTest {

    /** Each portable type, the DDL the writer creates, and what format_type() prints for that column afterwards. */
    @Test
    void theSourcesOwnTypeIsCreatedAndReadBackAsTheSamePortableType() {
        check(ColumnType.nativeType("int4range"), "\"int4range\"", "int4range");
        check(ColumnType.nativeType("char"), "\"char\"", "\"char\"");
        check(ColumnType.nativeType("_box"), "\"_box\"", "box[]");
        check(ColumnType.decimal(null, null).withSourceType("money"), "money", "money");
        check(ColumnType.of(Kind.BITS, 4).withSourceType("bit"), "bit(4)", "bit(4)");
        check(ColumnType.of(Kind.BITS, 8).withSourceType("varbit"), "bit varying(8)", "bit varying(8)");
        check(ColumnType.of(Kind.TIMESTAMP, 3), "timestamp(3) without time zone", "timestamp(3) without time zone");
        check(ColumnType.arrayOf(ColumnType.of(Kind.TIME_TZ)), "time with time zone[]", "time with time zone[]");
        assertThat(PgTypes.toPg(ColumnType.nativeType("x\" int); DROP TABLE t; --")))
                .isEqualTo("\"x\"\" int); DROP TABLE t; --\"");
    }

    private static void check(ColumnType type, String ddl, String formatted) {
        assertThat(PgTypes.toPg(type)).isEqualTo(ddl);
        assertThat(PgTypes.fromPg(formatted).sameAs(type)).as(formatted + " reads back as " + type).isTrue();
    }

    @Test
    void valuesAreWrittenInTextPostgresqlReadsBack() {
        assertThat(PgValues.text(LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(PgValues.text(LocalDateTime.of(0, 12, 31, 23, 59, 59, 999_999_000))).isEqualTo("0001-12-31 23:59:59.999999 BC");
        assertThat(PgValues.text(OffsetDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC)))
                .isEqualTo("294276-12-31 23:59:59.999999Z");
        assertThat(PgValues.text(SpecialValue.NEGATIVE_INFINITY)).isEqualTo("-infinity");
        assertThat(PgValues.text(SpecialValue.END_OF_DAY)).isEqualTo("24:00:00");
        assertThat(PgValues.text(new Interval(-1, 2, -11_045_678_901L))).isEqualTo("-1 mons 2 days -11045.678901 secs");
        assertThat(PgValues.text(List.of(List.of(1, 2), Arrays.asList(3, null)))).isEqualTo("{{\"1\",\"2\"},{\"3\",NULL}}");
    }
}
