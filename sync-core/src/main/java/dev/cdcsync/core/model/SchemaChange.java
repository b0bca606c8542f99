package dev.cdcsync.core.model;

/**
 * A change to a table's shape, as seen at the source or as decided by the evolution policy.
 * {@link #applyTo} is the pure function every component uses to keep a schema current.
 */
public sealed interface SchemaChange {

    TableId table();

    /** A dotted tag for logs and metrics, e.g. {@code add.column}. */
    String tag();

    /** The schema after this change; {@code current} is null only for {@link CreateTable}. */
    TableSchema applyTo(TableSchema current);

    record CreateTable(TableSchema schema) implements SchemaChange {
        public TableId table() { return schema.id(); }
        public String tag() { return "create.table"; }
        public TableSchema applyTo(TableSchema current) { return schema; }
    }

    record AddColumn(TableId table, Column column) implements SchemaChange {
        public String tag() { return "add.column"; }
        public TableSchema applyTo(TableSchema current) { return current.withColumn(column); }
    }

    record DropColumn(TableId table, String column) implements SchemaChange {
        public String tag() { return "drop.column"; }
        public TableSchema applyTo(TableSchema current) { return current.withoutColumn(column); }
    }

    record RenameColumn(TableId table, String from, String to) implements SchemaChange {
        public String tag() { return "rename.column"; }
        public TableSchema applyTo(TableSchema current) {
            Column old = current.column(from).orElseThrow(
                    () -> new IllegalArgumentException("no column " + from + " in " + table));
            return current.withColumns(current.columns().stream()
                    .map(c -> c == old ? new Column(to, c.type(), c.nullable()) : c).toList());
        }
    }

    record AlterColumnType(TableId table, String column, ColumnType from, ColumnType to) implements SchemaChange {
        public String tag() { return "alter.column.type"; }
        public TableSchema applyTo(TableSchema current) {
            Column old = current.column(column).orElseThrow(
                    () -> new IllegalArgumentException("no column " + column + " in " + table));
            return current.withColumn(old.withType(to));
        }
    }

    record DropTable(TableId table) implements SchemaChange {
        public String tag() { return "drop.table"; }
        public TableSchema applyTo(TableSchema current) { return null; }
    }
}
