package dev.cdcsync.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a table: its columns in order and its primary key (empty when the table has none,
 * which makes the table append-only in the target).
 *
 * @param partitionKey the key columns that distribute rows (a route's {@code partition-key}), for targets that
 *                     partition (Cassandra); empty: the target's default. The other key columns cluster, in key
 *                     order. It shapes a table when cdc-sync creates it, and is not a schema change after that.
 */
public record TableSchema(TableId id, List<Column> columns, List<String> primaryKey, List<String> partitionKey) {

    public TableSchema(TableId id, List<Column> columns, List<String> primaryKey) {
        this(id, columns, primaryKey, List.of());
    }

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        partitionKey = partitionKey == null ? List.of() : List.copyOf(partitionKey);
        if (!primaryKey.containsAll(partitionKey)) {
            throw new IllegalArgumentException("partition key " + partitionKey + " is not part of the key " + primaryKey
                    + " of " + id);
        }
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : columns) {
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("duplicate column " + c.name() + " in " + id);
            }
        }
        for (String k : primaryKey) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("key column " + k + " is not a column of " + id);
            }
        }
    }

    public Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    public TableSchema withId(TableId newId) {
        return new TableSchema(newId, columns, primaryKey, partitionKey);
    }

    public TableSchema withColumns(List<Column> newColumns) {
        return new TableSchema(id, newColumns, primaryKey, partitionKey);
    }

    /** A copy with {@code column} replaced (matched by name) or appended. */
    public TableSchema withColumn(Column column) {
        List<Column> next = new ArrayList<>(columns);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).name().equals(column.name())) {
                next.set(i, column);
                return withColumns(next);
            }
        }
        next.add(column);
        return withColumns(next);
    }

    /** A copy keyed by {@code key}; the partition key is kept while it is still part of the new key. */
    public TableSchema withPrimaryKey(List<String> key) {
        return new TableSchema(id, columns, key, key.containsAll(partitionKey) ? partitionKey : List.of());
    }

    public TableSchema withPartitionKey(List<String> partition) {
        return new TableSchema(id, columns, primaryKey, partition);
    }

    /** Whether both keys have the same columns (their order in a key does not change what it identifies). */
    public boolean sameKeyAs(TableSchema other) {
        return primaryKey.size() == other.primaryKey.size() && primaryKey.containsAll(other.primaryKey);
    }

    public TableSchema withoutColumn(String name) {
        List<Column> next = new ArrayList<>(columns);
        next.removeIf(c -> c.name().equals(name));
        return withColumns(next);
    }
}
