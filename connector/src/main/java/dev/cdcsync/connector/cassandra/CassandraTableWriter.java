package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SubMilliseconds;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.RowRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one table's part of a batch into bound statements, each stamped {@code USING TIMESTAMP} with its change's
 * {@linkplain dev.cdcsync.core.model.ChangeVersion#stamp() stamp}: Cassandra keeps, per cell, the write with the
 * highest timestamp, so statements may run in any order and a replayed older change never overwrites a newer one, nor
 * a replayed delete a newer row. An upsert is an {@code INSERT} of the columns the row has (unchanged TOAST values are
 * left out); a NULL is written as a NULL (a tombstone), except in snapshot rows, whose table was emptied first: there it
 * is left unset.
 */
final class CassandraTableWriter {

    private final CqlSession session;
    private final String keyspace;
    private final CqlValues values;
    /** Prepared statements by what they do, to which table and columns: their text is built only the first time. */
    private final Map<Statement, PreparedStatement> prepared = new ConcurrentHashMap<>();

    private enum Verb { INSERT, DELETE, SELECT }

    private record Statement(Verb verb, String table, List<String> columns) {
    }

    CassandraTableWriter(CqlSession session, String keyspace, CqlValues values) {
        this.session = session;
        this.keyspace = keyspace;
        this.values = values;
    }

    String truncate(TableBatch batch) {
        return "TRUNCATE " + CqlNames.qualified(keyspace, batch.schema().id().name());
    }

    /** The batch's statements: deletes, then upserts (order does not matter: timestamps decide). */
    List<BoundStatement> statements(TableBatch batch) {
        TableSchema schema = batch.schema();
        List<BoundStatement> out = new ArrayList<>(batch.size());
        for (DataChange delete : batch.deletes()) {
            out.add(delete(schema, delete));
        }
        for (DataChange upsert : batch.upserts()) {
            out.add(insert(schema, upsert));
        }
        return out;
    }

    private BoundStatement delete(TableSchema schema, DataChange change) {
        List<String> key = schema.primaryKey();
        PreparedStatement statement = prepare(new Statement(Verb.DELETE, schema.id().name(), key),
                () -> "DELETE FROM " + CqlNames.qualified(keyspace, schema.id().name()) + " USING TIMESTAMP ? WHERE "
                        + String.join(" AND ", key.stream().map(k -> CqlNames.quote(k) + " = ?").toList()));
        BoundStatementBuilder b = statement.boundStatementBuilder().setLong(0, change.version().stamp());
        for (int i = 0; i < key.size(); i++) {
            b = set(b, i + 1, value(change, schema, key.get(i), change.before().get(key.get(i))));
        }
        return b.build();
    }

    private BoundStatement insert(TableSchema schema, DataChange change) {
        Map<String, Object> cells = new LinkedHashMap<>();
        for (Column c : schema.columns()) {
            if (change.after().containsKey(c.name())) {
                Object v = change.after().get(c.name());
                cells.put(c.name(), value(change, schema, c.name(), v));
                if (values.hasMicrosColumn(c.type())) {
                    cells.put(c.name() + CqlValues.MICROS, SubMilliseconds.micros(v));
                }
            }
        }
        if (change.movedFrom() != null && !complete(schema, change.after())) {
            cells.putAll(oldCells(schema, change));
        }
        List<String> names = new ArrayList<>(cells.keySet());
        PreparedStatement statement = prepare(new Statement(Verb.INSERT, schema.id().name(), names),
                () -> "INSERT INTO " + CqlNames.qualified(keyspace, schema.id().name()) + " ("
                        + String.join(", ", names.stream().map(CqlNames::quote).toList()) + ") VALUES ("
                        + String.join(", ", names.stream().map(n -> "?").toList()) + ") USING TIMESTAMP ?");
        BoundStatementBuilder b = statement.boundStatementBuilder();
        boolean snapshotRow = change.op() == DataChange.Op.READ;
        for (int i = 0; i < names.size(); i++) {
            Object v = cells.get(names.get(i));
            if (v != null) {
                b = set(b, i, v);
            } else if (!snapshotRow) {
                b = b.setToNull(i);
            }
        }
        return b.setLong(names.size(), change.version().stamp()).build();
    }

    private static BoundStatementBuilder set(BoundStatementBuilder b, int i, Object value) {
        return b.set(i, value, b.codecRegistry().codecFor(b.getType(i), value));
    }

    private static boolean complete(TableSchema schema, Map<String, Object> row) {
        return schema.columns().stream().allMatch(c -> row.containsKey(c.name()));
    }

    /**
     * A moved row whose source left some columns out takes them (and their microseconds) from its row under the old
     * key, as Cassandra holds them.
     */
    private Map<String, Object> oldCells(TableSchema schema, DataChange change) {
        List<String> key = schema.primaryKey();
        List<String> missing = new ArrayList<>();
        for (Column c : schema.columns()) {
            if (!change.after().containsKey(c.name())) {
                missing.add(c.name());
                if (values.hasMicrosColumn(c.type())) {
                    missing.add(c.name() + CqlValues.MICROS);
                }
            }
        }
        PreparedStatement select = prepare(new Statement(Verb.SELECT, schema.id().name(), missing),
                () -> "SELECT " + String.join(", ", missing.stream().map(CqlNames::quote).toList()) + " FROM "
                        + CqlNames.qualified(keyspace, schema.id().name()) + " WHERE "
                        + String.join(" AND ", key.stream().map(k -> CqlNames.quote(k) + " = ?").toList()));
        BoundStatementBuilder b = select.boundStatementBuilder();
        for (int i = 0; i < key.size(); i++) {
            b = set(b, i, value(change, schema, key.get(i), keyValue(schema, key.get(i), change.movedFrom().values().get(i))));
        }
        Row old = session.execute(b.build()).one();
        if (old == null) {
            throw new RowRejectedException(change, "the row moved from key " + change.movedFrom() + ", and the source did"
                    + " not resend some of its columns, but the target has no row under the old key to take them from", null);
        }
        Map<String, Object> cells = new LinkedHashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            cells.put(missing.get(i), old.getObject(i));
        }
        return cells;
    }

    /** A key value as a row holds it (a row key carries binary values as hex). */
    private static Object keyValue(TableSchema schema, String column, Object value) {
        boolean hex = value instanceof String && schema.column(column)
                .map(c -> c.type().kind() == dev.cdcsync.core.model.ColumnType.Kind.BYTES).orElse(false);
        return hex ? java.util.HexFormat.of().parseHex((String) value) : value;
    }

    private Object value(DataChange change, TableSchema schema, String column, Object value) {
        Column c = schema.column(column).orElseThrow(() -> new IllegalStateException("no column " + column));
        try {
            return values.toCql(value, c.type());
        } catch (RuntimeException e) {
            throw new RowRejectedException(change, "column " + column + " (" + c.type() + "): " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(Statement statement, java.util.function.Supplier<String> cql) {
        return prepared.computeIfAbsent(statement, s -> session.prepare(cql.get()));
    }
}
