package dev.cdcsync.core.model;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The primary-key values of a row, in key-column order; equal keys mean the same row.
 * Binary key values are held as hex strings so that equality works.
 */
public record RowKey(List<Object> values) {

    public RowKey {
        values = List.copyOf(values);
    }

    /** The key of {@code row} made of {@code columns}' values (binary values as hex). */
    public static RowKey of(List<String> columns, Map<String, Object> row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = row.get(columns.get(i));
            values[i] = v instanceof byte[] b ? HexFormat.of().formatHex(b) : v;
        }
        return new RowKey(List.of(values)); // one copy: the constructor keeps an unmodifiable list as it is
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
