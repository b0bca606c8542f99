package dev.cdcsync.core.model;

import java.util.List;

/**
 * The primary-key values of a row, in key-column order; equal keys mean the same row.
 * Binary key values are held as hex strings so that equality works.
 */
public record RowKey(List<Object> values) {

    public RowKey {
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
