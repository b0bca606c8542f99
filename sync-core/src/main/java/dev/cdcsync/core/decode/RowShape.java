package dev.cdcsync.core.decode;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Everything derived once from one row schema: the portable {@link TableSchema} and one value
 * converter per field. Debezium reuses schema objects, so a shape is built once per schema version.
 */
final class RowShape {

    final TableSchema schema;
    final Schema keySchema;
    private final Field[] fields;
    private final List<Function<Object, Object>> converters;
    private final String placeholder;
    private final byte[] placeholderBytes;
    private final RowValues.Columns columnNames;

    /** @param binlog the source is MySQL/MariaDB (its TIME is a duration) */
    RowShape(TableId table, Schema rowSchema, Schema keySchema, String placeholder, boolean binlog) {
        this.keySchema = keySchema;
        this.placeholder = placeholder;
        this.placeholderBytes = placeholder.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.fields = rowSchema.fields().toArray(new Field[0]);
        this.converters = new ArrayList<>(fields.length);
        List<Column> columns = new ArrayList<>(fields.length);
        for (Field f : fields) {
            ColumnType type;
            try {
                type = ColumnTypes.fromConnect(f.schema(), binlog);
            } catch (DecodeException e) {
                throw new DecodeException("column " + f.name() + " of " + table + ": " + e.getMessage());
            }
            columns.add(new Column(f.name(), type, f.schema().isOptional()));
            converters.add(ValueNormalizer.forSchema(f.schema(), type));
        }
        List<String> key = keySchema == null ? List.of() : keySchema.fields().stream().map(Field::name).toList();
        this.schema = new TableSchema(table, columns, key);
        this.columnNames = RowValues.Columns.of(schema);
    }

    /** The row as a map; columns the source did not send (unchanged TOAST) are left out. */
    Map<String, Object> row(Struct struct) {
        RowValues row = new RowValues(columnNames);
        for (int i = 0; i < fields.length; i++) {
            // Not get() where the column has a DEFAULT: Connect would hand it over for a NULL, which must stay NULL.
            Object raw = fields[i].schema().defaultValue() == null ? struct.get(fields[i])
                    : struct.getWithoutDefault(fields[i].name());
            if (isPlaceholder(raw)) {
                continue;
            }
            try {
                row.set(i, converters.get(i).apply(raw));
            } catch (RuntimeException e) {
                throw new DecodeException("column " + fields[i].name() + " (" + schema.columns().get(i).type() + "): "
                        + e.getMessage(), e);
            }
        }
        return row;
    }

    RowKey key(Map<String, Object> row) {
        return RowKey.of(schema.primaryKey(), row);
    }

    /** The key of a Debezium key struct (e.g. the old key a primary-key change names), normalized like row keys. */
    RowKey key(Struct keyStruct) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            if (schema.primaryKey().contains(fields[i].name()) && keyStruct.schema().field(fields[i].name()) != null) {
                row.put(fields[i].name(), converters.get(i).apply(keyStruct.getWithoutDefault(fields[i].name())));
            }
        }
        return key(row);
    }

    private boolean isPlaceholder(Object raw) {
        if (raw instanceof String s) {
            return s.equals(placeholder);
        }
        if (raw instanceof byte[] b) {
            return Arrays.equals(b, placeholderBytes);
        }
        if (raw instanceof java.nio.ByteBuffer buf) {
            return buf.remaining() == placeholderBytes.length && Arrays.equals(ValueNormalizer.bytes(buf), placeholderBytes);
        }
        if (raw instanceof List<?> list) {
            return list.size() == 1 && isPlaceholder(list.get(0));
        }
        return false;
    }
}
