package dev.cdcsync.core.model;

import java.util.Objects;

/**
 * A table name: an optional namespace (PostgreSQL schema, MySQL database, Mongo database,
 * Cassandra keyspace) and a name. Both are kept verbatim; quoting is the writer's job.
 */
public record TableId(String namespace, String name) implements Comparable<TableId> {

    public TableId {
        Objects.requireNonNull(name, "table name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
    }

    public static TableId of(String namespace, String name) {
        return new TableId(namespace == null || namespace.isEmpty() ? null : namespace, name);
    }

    /** Parses {@code schema.table}; the first dot separates, so a table name may itself contain dots. */
    public static TableId parse(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? of(null, qualified) : of(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    public TableId withNamespace(String newNamespace) {
        return of(newNamespace, name);
    }

    @Override
    public int compareTo(TableId o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "." + name;
    }
}
