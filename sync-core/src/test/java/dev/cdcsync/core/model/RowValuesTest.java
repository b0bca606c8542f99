package dev.cdcsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowValuesTest {

    private final RowValues.Columns shape = new RowValues.Columns(List.of("id", "name", "note"));

    @Test
    void aRowIsAMapInColumnOrderWhereAnAbsentColumnIsNotANull() {
        RowValues row = new RowValues(shape);
        row.set(0, 1);
        row.set(2, null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 1);
        expected.put("note", null);
        assertThat(row).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(List.copyOf(row.keySet())).containsExactly("id", "note");
        assertThat(row.containsKey("note")).isTrue();
        assertThat(row.containsKey("name")).isFalse();
        assertThat(new LinkedHashMap<>(row)).isEqualTo(expected);
        assertThatThrownBy(() -> row.put("name", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyCompleteRowsOfOneShapeAreKnownToShareTheirColumns() {
        RowValues a = new RowValues(shape);
        RowValues b = new RowValues(shape);
        for (int i = 0; i < 3; i++) {
            a.set(i, i);
            b.set(i, i + 1);
        }
        assertThat(RowValues.sameColumns(a, b)).isTrue();
        RowValues partial = new RowValues(shape);
        partial.set(0, 1);
        assertThat(RowValues.sameColumns(a, partial)).isFalse();
        RowValues otherShape = new RowValues(new RowValues.Columns(List.of("id", "name", "note")));
        for (int i = 0; i < 3; i++) {
            otherShape.set(i, i);
        }
        assertThat(RowValues.sameColumns(a, otherShape)).isFalse();
        assertThat(RowValues.sameColumns(a, Map.of("id", 1, "name", 2, "note", 3))).isFalse();
    }

    /** Columns 0 and 1 kept as UTF-8 text fields, column 2 set by the builder. */
    private static final class TextFields implements RowValues.Encoding {
        final AtomicInteger decoded = new AtomicInteger();

        @Override
        public String format() {
            return "test";
        }

        @Override
        public int type(int column) {
            return column < 2 ? 25 : 0;
        }

        @Override
        public Object decode(int column, byte[] b, int offset, int length) {
            decoded.incrementAndGet();
            return new String(b, offset, length, StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRowKeepingItsSourceFieldsDecodesEachOnFirstReadOnlyAndReadsANullFieldAsNull() throws Exception {
        TextFields encoding = new TextFields();
        RowValues.Columns encoded = RowValues.Columns.of(new TableSchema(new TableId("s", "t"), List.of(
                new Column("id", ColumnType.of(ColumnType.Kind.STRING), false),
                new Column("name", ColumnType.of(ColumnType.Kind.STRING), true),
                new Column("note", ColumnType.of(ColumnType.Kind.STRING), true)), List.of("id")), encoding);
        byte[] fields = {9, 9, 0, 3, 0, 0, 0, 2, 'i', 'd', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 7};
        RowValues row = new RowValues(encoded);
        row.setEncoded(fields, 2); // two bytes before the row
        row.set(2, "set");
        assertThat(encoding.decoded).hasValue(0);
        assertThat(row.complete()).isTrue();
        assertThat(row.encodedBytes()).isSameAs(fields);

        List<CompletableFuture<Object>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> row.get("id")));
        }
        for (CompletableFuture<Object> reader : readers) {
            assertThat(reader.get()).isEqualTo("id");
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "id");
        expected.put("name", null);
        expected.put("note", "set");
        assertThat(row).isEqualTo(expected);
        assertThat(row.at(1)).isNull();
        assertThat(encoding.decoded.get()).as("decoded once, unless two readers raced to it").isBetween(1, 4);
        int afterReads = encoding.decoded.get();
        assertThat(row.get("id")).isEqualTo("id");
        assertThat(encoding.decoded).hasValue(afterReads);
    }
}
