package dev.cdcsync.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import dev.cdcsync.connector.cassandra.CassandraTargetSettings;
import dev.cdcsync.connector.cassandra.CqlNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** A Cassandra target keyspace of its own on the shared server; rows read back with every value as PostgreSQL prints it. */
public final class CassandraSyncTarget implements SyncTarget {

    private final CassandraServer server;
    private final String keyspace;
    private final CqlSession session;

    public CassandraSyncTarget(CassandraServer server, String name) {
        this.server = server;
        this.keyspace = server.newKeyspace(name);
        this.session = server.sharedSession();
    }

    public String keyspace() {
        return keyspace;
    }

    public CqlSession session() {
        return session;
    }

    @Override
    public CassandraTargetSettings settings() {
        return new CassandraTargetSettings(server.contactPoint(), server.datacenter(), keyspace);
    }

    /** The writer's documented table naming. */
    public static String table(String name) {
        return CqlNames.table(name);
    }

    private String qualified(String table) {
        return "\"" + keyspace + "\".\"" + table(table).replace("\"", "\"\"") + "\"";
    }

    private Optional<TableMetadata> metadata(String table) {
        return session.refreshSchema().getKeyspace("\"" + keyspace + "\"").flatMap(k -> k.getTable("\"" + table(table) + "\""));
    }

    /** Columns in {@code order} when they are the same set (Cassandra lists key columns first, the rest by name). */
    @Override
    public TableRows rows(String table, List<String> order) {
        ResultSet rs;
        try {
            rs = session.execute("SELECT * FROM " + qualified(table));
        } catch (com.datastax.oss.driver.api.core.servererrors.InvalidQueryException e) {
            if (e.getMessage().contains("does not exist") || e.getMessage().contains("unconfigured table")) {
                return new TableRows(List.of(), List.of()); // not created yet
            }
            throw e;
        }
        List<String> found = new ArrayList<>();
        for (ColumnDefinition d : rs.getColumnDefinitions()) {
            found.add(d.getName().asInternal());
        }
        List<String> columns = new LinkedHashSet<>(found).equals(new LinkedHashSet<>(order)) ? order : found;
        List<List<String>> rows = new ArrayList<>();
        for (Row row : rs) {
            List<String> values = new ArrayList<>(columns.size());
            for (String c : columns) {
                values.add(text(row.getObject(com.datastax.oss.driver.api.core.CqlIdentifier.fromInternal(c))));
            }
            rows.add(values);
        }
        return TableRows.sorted(columns, rows);
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    /** The table's partition key and clustering columns, in order. */
    @Override
    public void assertKeyedBy(String table, List<String> columns) {
        TableMetadata t = metadata(table).orElseThrow(() -> new AssertionError("no table " + table));
        List<String> key = new ArrayList<>();
        t.getPrimaryKey().forEach((ColumnMetadata c) -> key.add(c.getName().asInternal()));
        assertThat(key).as("primary key of %s", table).containsExactlyElementsOf(columns);
    }

    /** Asserts the table's partition key columns, in order. */
    public void assertPartitionedBy(String table, List<String> columns) {
        TableMetadata t = metadata(table).orElseThrow(() -> new AssertionError("no table " + table));
        assertThat(t.getPartitionKey().stream().map(c -> c.getName().asInternal()).toList())
                .as("partition key of %s", table).containsExactlyElementsOf(columns);
    }

    /** CQL text has no length. */
    @Override
    public void assertHoldsText(String table, String column, int length) {
        assertThat(metadata(table).flatMap(t -> t.getColumn(com.datastax.oss.driver.api.core.CqlIdentifier.fromInternal(column)))
                .map(c -> c.getType().asCql(false, true))).hasValue("text");
    }

    /** Refused, by design: Cassandra finds rows only by their key. */
    @Override
    public boolean keylessTables() {
        return false;
    }

    /** Cassandra cannot change a table's key. */
    @Override
    public boolean followsKeyChanges() {
        return false;
    }

    /** Writes are acknowledged one by one; a reader may see a source transaction half applied. */
    @Override
    public boolean transactional() {
        return false;
    }

    /** The session is the server's, shared; the keyspace is left for inspection. */
    @Override
    public void close() {
    }
}
