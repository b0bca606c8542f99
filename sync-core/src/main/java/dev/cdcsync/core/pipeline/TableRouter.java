package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code routes}: names the target table of each source table (the route's {@code to}, else the source
 * table's own name; two source tables landing on one target table is an error, not a merge), and keys its rows as the
 * route says ({@code key}, {@code partition-key}) before anything else sees them.
 */
public final class TableRouter {

    private final Map<String, Route> routes = new HashMap<>();
    private final Map<TableId, TableId> resolved = new HashMap<>();
    private final Map<TableId, TableId> claimedBy = new HashMap<>();
    /** Keyed schemas by the source schema they key: the schema tracker compares schemas by identity. */
    private final Map<TableSchema, TableSchema> keyed = new IdentityHashMap<>();
    private TableSchema lastSource;
    private TableSchema lastKeyed;
    private TableId lastRouted;
    private TableId lastTarget;

    public TableRouter(List<Route> routes) {
        routes.forEach(r -> this.routes.put(r.from(), r));
    }

    public TableId targetOf(TableId source) {
        if (source == lastRouted) { // rows of one table come in runs, under one TableId instance
            return lastTarget;
        }
        TableId target = resolved.get(source);
        if (target == null) {
            Route route = routes.get(source.toString());
            String to = route == null ? source.name() : route.targetName(source.name());
            target = TableId.of(null, to);
            TableId other = claimedBy.putIfAbsent(target, source);
            if (other != null && !other.equals(source)) {
                throw new IllegalStateException("source tables " + other + " and " + source
                        + " would both land on target table " + to + "; add a route for one of them");
            }
            resolved.put(source, target);
        }
        lastRouted = source;
        lastTarget = target;
        return target;
    }

    /** The source table's schema keyed as its route says (the same instance when the route says nothing of keys). */
    public TableSchema keyed(TableSchema source) {
        if (source == lastSource) { // rows of one table come in runs: skip the route's lookup by name
            return lastKeyed;
        }
        Route route = routes.get(source.id().toString());
        TableSchema result = route == null || route.key().isEmpty() && route.partitionKey().isEmpty() ? source
                : keyed.computeIfAbsent(source, s -> keyedBy(route, s));
        lastSource = source;
        lastKeyed = result;
        return result;
    }

    private static TableSchema keyedBy(Route route, TableSchema source) {
        String where = "the route from " + route.from();
        List<String> key = route.key().isEmpty() ? source.primaryKey() : route.key();
        for (String column : key) {
            if (source.column(column).isEmpty()) {
                throw new IllegalStateException(where + " keys it by " + column + ", which is not a column of the table; its"
                        + " columns: " + source.columns().stream().map(c -> c.name()).toList());
            }
        }
        TableSchema routed = source.withPrimaryKey(key);
        if (source.hasPrimaryKey() && !source.sameKeyAs(routed)) {
            throw new IllegalStateException(where + " keys it by " + key + ", but its primary key is " + source.primaryKey()
                    + ": a route's key may key a table that has no primary key, or order the primary key's columns");
        }
        if (!key.containsAll(route.partitionKey())) {
            throw new IllegalStateException(where + " partitions it by " + route.partitionKey() + ", which are not all"
                    + " columns of its key " + key);
        }
        return routed.withPartitionKey(route.partitionKey());
    }

    /**
     * {@code change} keyed by {@code schema} (from {@link #keyed}). On a table keyed by its route, an update that
     * changes key columns becomes a delete of the old key and an upsert of the new one.
     *
     * @param source the schema the change was decoded with
     */
    public List<DataChange> keyed(DataChange change, TableSchema source, TableSchema schema) {
        if (schema == source || change.op() == Op.TRUNCATE) {
            return List.of(change);
        }
        List<String> key = schema.primaryKey();
        if (change.op() == Op.DELETE) {
            return List.of(rekeyed(change, key(key, change.before(), change), null));
        }
        RowKey next = key(key, change.after(), change);
        if (source.hasPrimaryKey()) {
            RowKey moved = change.movedFrom() == null ? null : reordered(change.movedFrom(), source.primaryKey(), key);
            return List.of(rekeyed(change, next, moved));
        }
        RowKey old = change.before() == null ? next : key(key, change.before(), change);
        if (old.equals(next)) {
            return List.of(rekeyed(change, next, null));
        }
        Map<String, Object> after = new LinkedHashMap<>(change.before());
        after.putAll(change.after()); // the source's full old row fills what it did not resend
        DataChange delete = new DataChange(Op.DELETE, change.table(), old, change.before(), null, change.position());
        return List.of(delete, new DataChange(change.op(), change.table(), next, change.before(), after, change.position()));
    }

    private static DataChange rekeyed(DataChange change, RowKey key, RowKey movedFrom) {
        return new DataChange(change.op(), change.table(), key, change.before(), change.after(), change.position(), movedFrom);
    }

    /** The row's key; a key column the row lacks or holds NULL in stops the pipeline (a key must name one row). */
    private static RowKey key(List<String> columns, Map<String, Object> row, DataChange change) {
        for (String column : columns) {
            if (row == null || row.get(column) == null) {
                throw new DecodeException("the route's key column " + column + " of " + change.table() + " is "
                        + (row == null ? "not sent (a PostgreSQL source table needs REPLICA IDENTITY FULL)" : "NULL")
                        + " in the " + change.op() + " at " + change.position() + "; a key column must hold a value");
            }
        }
        return RowKey.of(columns, row);
    }

    private static RowKey reordered(RowKey values, List<String> from, List<String> to) {
        return new RowKey(to.stream().map(c -> values.values().get(from.indexOf(c))).toList());
    }
}
