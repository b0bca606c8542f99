package dev.cdcsync.connector.cassandra;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The CQL for a schema change the writer supports: tables created with the source's key (partitioned by the route's
 * {@code partition-key}, else by the key's first column; the other key columns cluster, in key order), columns added and dropped, all idempotent ({@code IF NOT EXISTS},
 * {@code IF EXISTS}) so a change applied again after a crash does nothing. Cassandra changes no column's type and no
 * table's key: those the writer does not support, and the pipeline stops or skips them as its policy says.
 */
final class CqlSchemaOps implements SchemaChange.Visitor<List<String>> {

    private final String keyspace;
    private final CqlValues values;

    CqlSchemaOps(String keyspace, CqlValues values) {
        this.keyspace = keyspace;
        this.values = values;
    }

    /** The columns of one source column: itself, and its microseconds where it has them. */
    List<String> definitions(Column column) {
        List<String> out = new ArrayList<>(2);
        out.add(CqlNames.quote(column.name()) + " " + values.type(column.type()));
        if (values.hasMicrosColumn(column.type())) {
            out.add(CqlNames.quote(column.name() + CqlValues.MICROS) + " int");
        }
        return out;
    }

    @Override
    public List<String> createTable(SchemaChange.CreateTable create) {
        TableSchema schema = create.schema();
        List<String> parts = new ArrayList<>();
        schema.columns().forEach(c -> parts.addAll(definitions(c)));
        List<String> partition = schema.partitionKey().isEmpty() ? schema.primaryKey().subList(0, 1) : schema.partitionKey();
        List<String> clustering = schema.primaryKey().stream().filter(c -> !partition.contains(c)).toList();
        parts.add("PRIMARY KEY ((" + quoted(partition) + ")" + (clustering.isEmpty() ? "" : ", " + quoted(clustering)) + ")");
        return List.of("CREATE TABLE IF NOT EXISTS " + table(create) + " (" + String.join(", ", parts) + ")");
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(CqlNames::quote).toList());
    }

    @Override
    public List<String> addColumn(SchemaChange.AddColumn add) {
        return List.of("ALTER TABLE " + table(add) + " ADD IF NOT EXISTS (" + String.join(", ", definitions(add.column())) + ")");
    }

    @Override
    public List<String> dropColumn(SchemaChange.DropColumn drop) {
        return List.of("ALTER TABLE " + table(drop) + " DROP IF EXISTS " + CqlNames.quote(drop.column()),
                "ALTER TABLE " + table(drop) + " DROP IF EXISTS " + CqlNames.quote(drop.column() + CqlValues.MICROS));
    }

    /** Only changes that keep the CQL type reach here ({@link CassandraWriter#supports}): nothing to do. */
    @Override
    public List<String> alterColumnType(SchemaChange.AlterColumnType alter) {
        return List.of();
    }

    @Override
    public List<String> alterPrimaryKey(SchemaChange.AlterPrimaryKey key) {
        throw new IllegalStateException("Cassandra cannot change a table's primary key");
    }

    private String table(SchemaChange change) {
        return CqlNames.qualified(keyspace, change.table().name());
    }
}
