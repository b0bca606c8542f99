package dev.cdcsync.connector.mongodb;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SubMilliseconds;
import dev.cdcsync.core.model.TableSchema;
import java.util.Map;
import org.bson.Document;

/**
 * Rows of one table as documents. {@code _id} is the key value for a one-column key, a sub-document of the key
 * columns for a composite key, and the change's stable id for a table without a key (so a replayed insert rewrites
 * its document instead of adding one). Field names are escaped ({@link MongoNames}).
 */
final class MongoDocuments {

    private final TableSchema schema;
    private final boolean keyFields;
    private final MongoValues values;

    MongoDocuments(TableSchema schema, boolean keyFields, MongoValues values) {
        this.schema = schema;
        this.keyFields = keyFields;
        this.values = values;
    }

    /** The document's {@code _id} for a row of a keyed table ({@code row} holds at least the key columns). */
    Object id(Map<String, Object> row) {
        if (schema.primaryKey().size() == 1) {
            String k = schema.primaryKey().get(0);
            return value(k, row.get(k));
        }
        Document id = new Document();
        for (String k : schema.primaryKey()) {
            id.append(MongoNames.field(k), value(k, row.get(k)));
        }
        return id;
    }

    /** The {@code _id} of the document of a row's key (e.g. a moved row's old key; binary key values come as hex). */
    Object id(RowKey key) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            String column = schema.primaryKey().get(i);
            Object value = key.values().get(i);
            boolean hex = value instanceof String s && schema.column(column).map(c -> c.type().kind() == ColumnType.Kind.BYTES)
                    .orElse(false);
            row.put(column, hex ? java.util.HexFormat.of().parseHex((String) value) : value);
        }
        return id(row);
    }

    /** The {@code _id} of a key-less change's document. */
    static Object id(DataChange change) {
        return change.id();
    }

    /**
     * The row's fields (those it has: absent columns are left as the document has them), each timestamp finer than
     * milliseconds with its {@link MongoValues#MICROS} field after it.
     */
    Document fields(Map<String, Object> row) {
        Document d = new Document();
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (keyFields || !schema.primaryKey().contains(e.getKey())) {
                String field = MongoNames.field(e.getKey());
                d.append(field, value(e.getKey(), e.getValue()));
                if (values.hasMicrosField(column(e.getKey()).type())) {
                    d.append(field + MongoValues.MICROS, SubMilliseconds.micros(e.getValue()));
                }
            }
        }
        return d;
    }

    /** Whether the row has every column of the table (then it replaces the document whole). */
    boolean complete(Map<String, Object> row) {
        return row.size() >= schema.columns().size() && schema.columns().stream().allMatch(c -> row.containsKey(c.name()));
    }

    /** A filter matching a key-less row by all of its old values. */
    Document matching(Map<String, Object> before) {
        return fields(before);
    }

    private Column column(String column) {
        return schema.column(column).orElseThrow(() -> new IllegalStateException("no column " + column + " in " + schema.id()));
    }

    private Object value(String column, Object value) {
        Column c = column(column);
        try {
            return values.toBson(value, c.type());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column + " (" + c.type() + "): " + e.getMessage(), e);
        }
    }
}
