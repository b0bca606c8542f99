package dev.cdcsync.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.mongodb.MongoNames;
import dev.cdcsync.connector.mongodb.MongoTargetSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * A MongoDB target database of its own on the shared stand-in server. Rows are the documents' fields (names
 * unescaped), {@code _id} left out: with {@code key-fields} on, the key columns are fields too.
 */
public final class MongoSyncTarget implements SyncTarget {

    private final MongoTarget server;
    private final String database;

    public MongoSyncTarget(MongoTarget server, String name) {
        this.server = server;
        this.database = server.newDatabase(name);
    }

    public String database() {
        return database;
    }

    public com.mongodb.client.MongoDatabase mongoDatabase() {
        return server.client().getDatabase(database);
    }

    @Override
    public MongoTargetSettings settings() {
        return server.settings(database);
    }

    public List<Document> documents(String table) {
        return server.documents(database, escape(table));
    }

    /**
     * The fields as columns: in {@code order} when they are the same set (documents keep no column order a reader
     * could rely on: an update adds fields at the end), else as found, so that a comparison shows the difference.
     */
    @Override
    public TableRows rows(String table, List<String> order) {
        List<Document> documents = documents(table);
        Set<String> fields = new LinkedHashSet<>();
        documents.forEach(d -> d.keySet().stream().filter(f -> !f.equals("_id")).map(MongoSyncTarget::unescape)
                .forEach(fields::add));
        List<String> columns = documents.isEmpty() || fields.equals(new LinkedHashSet<>(order)) ? order
                : List.copyOf(fields);
        List<String> escaped = columns.stream().map(MongoSyncTarget::escape).toList();
        TableRows rows = server.rows(database, escape(table), escaped);
        return new TableRows(columns, rows.rows());
    }

    /** Every document's {@code _id} is its value of the one key column, or the sub-document of the key columns. */
    @Override
    public void assertKeyedBy(String table, List<String> columns) {
        List<Document> documents = documents(table);
        assertThat(documents).as("documents of %s", table).isNotEmpty();
        for (Document d : documents) {
            Object expected;
            if (columns.size() == 1) {
                expected = d.get(escape(columns.get(0)));
            } else {
                Document id = new Document();
                columns.forEach(c -> id.append(escape(c), d.get(escape(c))));
                expected = id;
            }
            assertThat(d.get("_id")).as("_id of %s", d.toJson()).isEqualTo(expected);
        }
    }

    /** Documents declare no types: the values compared with the source's are all there is. */
    @Override
    public void assertHoldsText(String table, String column, int length) {
    }

    /** A replica set commits each batch in a transaction; the stand-in has none (each write acknowledged alone). */
    @Override
    public boolean transactional() {
        return server.transactions();
    }

    /** The writer's documented escaping of names ({@code %}, {@code .}, {@code $}, NUL). */
    public static String escape(String name) {
        return MongoNames.field(name);
    }

    private static String unescape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '%' && i + 2 < name.length()) {
                out.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(name.charAt(i));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        // The shared server outlives the test; its database is left for inspection.
    }
}
