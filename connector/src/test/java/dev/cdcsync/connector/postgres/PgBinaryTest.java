package dev.cdcsync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.SpecialValue;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgBinaryTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "1", "-1", "12345.67", "0.00001", "-0.1000", "1E+5", "10000", "9999.9999",
            "100000000", "123456789012345678901234567890.123456789", "-0.000000000000000000001", "0.50000000000000000000000",
            "-12.3400", "99999999999999999", "123456789012345678", "1234567890123456789", "-0.0001", "10000.0001"})
    void aDecimalReadsBackWithItsDigitsAndScale(String text) {
        BigDecimal d = new BigDecimal(text);
        ByteSink out = new ByteSink(8);
        PgBinary.numeric(d, out);
        byte[] b = Arrays.copyOf(out.array(), out.size());
        assertThat(PgBinary.i32(b, 0)).isEqualTo(b.length - 4);
        BigDecimal expected = d.scale() < 0 ? d.setScale(0) : d;
        assertThat(PgBinary.numeric(b, 4)).isEqualTo(expected);
    }

    @Test
    void numericDigitsAreBase10000GroupsAlignedOnThePoint() {
        ByteSink out = new ByteSink(8);
        PgBinary.numeric(new BigDecimal("12345.67"), out);
        byte[] b = Arrays.copyOf(out.array(), out.size());
        // ndigits 3, weight 1, positive, dscale 2: 0001 2345 . 6700
        assertThat(new int[] {PgBinary.u16(b, 4), (short) PgBinary.u16(b, 6), PgBinary.u16(b, 8), PgBinary.u16(b, 10),
                PgBinary.u16(b, 12), PgBinary.u16(b, 14), PgBinary.u16(b, 16)}).containsExactly(3, 1, 0, 2, 1, 2345, 6700);
    }

    @Test
    void datesAndTimestampsCountFrom2000WithInfinitiesAtTheExtremes() {
        assertThat(PgBinary.date(0)).isEqualTo(LocalDate.of(2000, 1, 1));
        assertThat(PgBinary.date(PgBinary.days(LocalDate.of(-43, 3, 15)))).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(PgBinary.date(Integer.MAX_VALUE)).isEqualTo(SpecialValue.POSITIVE_INFINITY);
        assertThat(PgBinary.timestamp(-1)).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(PgBinary.timestamp(Long.MIN_VALUE)).isEqualTo(SpecialValue.NEGATIVE_INFINITY);
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000);
        assertThat(PgBinary.timestamp(PgBinary.micros(t.toEpochSecond(java.time.ZoneOffset.UTC), t.getNano()))).isEqualTo(t);
    }

    @Test
    void rowsWithAValueOfAnotherTypeThanItsColumnAreLeftToTheTextPath() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1L);
        row.put("n", 5);
        int[] types = {PgBinary.INT8, PgBinary.NUMERIC};
        assertThat(PgBinaryRows.row(types, row, new ByteSink(64))).isFalse();
        row.put("n", new BigDecimal("5"));
        assertThat(PgBinaryRows.row(types, row, new ByteSink(64))).isTrue();
        row.put("id", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)); // nanoseconds a timestamp column cannot hold
        assertThat(PgBinaryRows.row(new int[] {PgBinary.TIMESTAMP, PgBinary.NUMERIC}, row, new ByteSink(64))).isFalse();
    }

    /** The values the decoders make of the common types are the ones the binary path takes (else it goes text). */
    @Test
    void valuesAsTheDecoderReadsThemTakeTheBinaryPath() {
        Map<String, Object> row = new LinkedHashMap<>();
        List<Integer> types = new java.util.ArrayList<>();
        Map<Integer, List<String>> cases = Map.ofEntries(
                Map.entry(PgBinary.INT2, List.of("smallint", "-32768")), Map.entry(PgBinary.INT4, List.of("integer", "7")),
                Map.entry(PgBinary.INT8, List.of("bigint", "-9")), Map.entry(PgBinary.FLOAT4, List.of("real", "NaN")),
                Map.entry(PgBinary.FLOAT8, List.of("double precision", "0.1")),
                Map.entry(PgBinary.NUMERIC, List.of("numeric", "-Infinity")), Map.entry(PgBinary.BOOL, List.of("boolean", "t")),
                Map.entry(PgBinary.TEXT, List.of("text", "x")), Map.entry(PgBinary.BYTEA, List.of("bytea", "\\x00ff")),
                Map.entry(PgBinary.DATE, List.of("date", "0044-03-15 BC")),
                Map.entry(PgBinary.TIMESTAMP, List.of("timestamp without time zone", "infinity")),
                Map.entry(PgBinary.TIMESTAMPTZ, List.of("timestamp with time zone", "2024-02-29 13:45:59.000001-08")),
                Map.entry(PgBinary.UUID, List.of("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                Map.entry(PgBinary.JSONB, List.of("jsonb", "{}")));
        cases.forEach((oid, c) -> {
            row.put("c" + oid, dev.cdcsync.core.decode.PostgresText.parse(PgTypes.fromPg(c.get(0)), c.get(1)));
            types.add(oid);
        });
        int[] oids = types.stream().mapToInt(Integer::intValue).toArray();
        assertThat(PgBinaryRows.row(oids, row, new ByteSink(64))).as("%s", row).isTrue();
    }

    @Test
    void aUuidIsWrittenOnlyFromItsCanonicalText() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        ByteSink out = new ByteSink(64);
        assertThat(PgBinaryRows.row(new int[] {PgBinary.UUID}, row, out)).isTrue();
        assertThat(PgBinary.uuid(out.array(), 2 + 4)).isEqualTo(row.get("u"));
        row.put("u", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}");
        assertThat(PgBinaryRows.row(new int[] {PgBinary.UUID}, row, new ByteSink(64))).isFalse();
    }

    /** Kept fields in PostgreSQL's binary forms: an int4 and a text column, as a source's COPY sends them. */
    private record Fields(int[] oids) implements RowValues.Encoding {
        @Override
        public String format() {
            return PgBinary.COPY_FIELDS;
        }

        @Override
        public int type(int column) {
            return oids[column];
        }

        @Override
        public Object decode(int column, byte[] b, int offset, int length) {
            return column == 0 ? (Object) PgBinary.i32(b, offset) : new String(b, offset, length, StandardCharsets.UTF_8);
        }
    }

    @Test
    void keptFieldsOfTheTargetColumnsTypesAreCopiedAsTheyAreAndOthersWrittenFromTheirValue() {
        byte[] source = {0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 2, 'h', 'i'};
        RowValues.Columns shape = RowValues.Columns.of(new TableSchema(new TableId("s", "t"), List.of(
                new Column("id", ColumnType.of(ColumnType.Kind.INT32), false),
                new Column("name", ColumnType.of(ColumnType.Kind.STRING), true)), List.of("id")),
                new Fields(new int[] {PgBinary.INT4, PgBinary.TEXT}));
        RowValues row = new RowValues(shape);
        row.setEncoded(source, 0);

        ByteSink same = new ByteSink(8);
        assertThat(PgBinaryRows.row(new int[] {PgBinary.INT4, PgBinary.TEXT}, row, same)).isTrue();
        assertThat(Arrays.copyOf(same.array(), same.size())).isEqualTo(source);

        ByteSink wider = new ByteSink(8); // a bigint target column: the int4 field is decoded and written as int8
        assertThat(PgBinaryRows.row(new int[] {PgBinary.INT8, PgBinary.TEXT}, row, wider)).isTrue();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", 7L);
        values.put("name", "hi");
        ByteSink fromValues = new ByteSink(8);
        PgBinaryRows.row(new int[] {PgBinary.INT8, PgBinary.TEXT}, values, fromValues);
        assertThat(Arrays.copyOf(wider.array(), wider.size())).isEqualTo(Arrays.copyOf(fromValues.array(), fromValues.size()));
    }
}
