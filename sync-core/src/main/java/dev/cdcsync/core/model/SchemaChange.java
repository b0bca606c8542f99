package dev.cdcsync.core.model;

/**
 * A change to a table's shape, as seen at the source or as decided by the evolution policy.
 * {@link #applyTo} is the pure function every component uses to keep a schema current. Code that acts per kind
 * of change implements a {@link Visitor}, so a new kind fails to compile wherever it is not handled.
 * (Renames and dropped tables do not show in Debezium's row schemas, so there are no such changes.)
 */
public sealed interface SchemaChange {

    TableId table();

    /** A dotted tag for logs and metrics, e.g. {@code add.column}. */
    String tag();

    /** The schema after this change; {@code current} is null only for {@link CreateTable}. */
    TableSchema applyTo(TableSchema current);

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of change: the exhaustive switch over this sealed type. */
    interface Visitor<R> {
        R createTable(CreateTable change);

        R addColumn(AddColumn change);

        R dropColumn(DropColumn change);

        R alterColumnType(AlterColumnType change);

        R alterPrimaryKey(AlterPrimaryKey change);
    }

    record CreateTable(TableSchema schema) implements SchemaChange {
        public TableId table() { return schema.id(); }
        public String tag() { return "create.table"; }
        public TableSchema applyTo(TableSchema current) { return schema; }
        public <R> R accept(Visitor<R> v) { return v.createTable(this); }
    }

    record AddColumn(TableId table, Column column) implements SchemaChange {
        public String tag() { return "add.column"; }
        public TableSchema applyTo(TableSchema current) { return current.withColumn(column); }
        public <R> R accept(Visitor<R> v) { return v.addColumn(this); }
    }

    record DropColumn(TableId table, String column) implements SchemaChange {
        public String tag() { return "drop.column"; }
        public TableSchema applyTo(TableSchema current) { return current.withoutColumn(column); }
        public <R> R accept(Visitor<R> v) { return v.dropColumn(this); }
    }

    record AlterColumnType(TableId table, String column, ColumnType from, ColumnType to) implements SchemaChange {
        public String tag() { return "alter.column.type"; }
        public TableSchema applyTo(TableSchema current) {
            Column old = current.column(column).orElseThrow(
                    () -> new IllegalArgumentException("no column " + column + " in " + table));
            return current.withColumn(old.withType(to));
        }
        public <R> R accept(Visitor<R> v) { return v.alterColumnType(this); }
    }

    /** The table's primary key changed at the source (or a table without one gained one; {@code to} empty: lost it). */
    record AlterPrimaryKey(TableId table, java.util.List<String> from, java.util.List<String> to) implements SchemaChange {
        public AlterPrimaryKey {
            from = java.util.List.copyOf(from);
            to = java.util.List.copyOf(to);
        }
        public String tag() { return "alter.primary.key"; }
        public TableSchema applyTo(TableSchema current) { return current.withPrimaryKey(to); }
        public <R> R accept(Visitor<R> v) { return v.alterPrimaryKey(this); }
    }
}
