package dev.cdcsync.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
