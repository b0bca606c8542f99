package dev.cdcsync.core.model;

import java.util.Objects;

/** One column of a {@link TableSchema}; the name is verbatim from the source. */
public record Column(String name, ColumnType type, boolean nullable) {

    public Column {
        Objects.requireNonNull(name, "column name");
        Objects.requireNonNull(type, "column type");
    }

    public Column withType(ColumnType newType) {
        return new Column(name, newType, nullable);
    }
}
