package dev.cdcsync.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.cdcsync.it.harness.TableRows;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * A MongoDB target for the fault suite: the mongo-java-server stand-in with its H2 file backend, so that a restart
 * (a graceful stop: the stand-in keeps no journal, so a hard kill would lose acknowledged writes, which real MongoDB
 * with {@code w: majority} does not) finds the data again on the same port.
 */
final class MongoFaultTarget implements FaultTarget {

    private static final String DATABASE = "replica";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int port;
    private MongoServer server;

    MongoFaultTarget() throws Exception {
        file = Files.createTempDirectory("cdc-sync-mongo").resolve("data.mv");
        server = new MongoServer(new H2Backend(file.toString()));
        InetSocketAddress address = server.bind();
        port = address.getPort();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String yaml(int through) {
        return """
                    target:
                      type: mongodb
                      uri: "mongodb://127.0.0.1:%d"
                      database: %s
                """.formatted(through, DATABASE);
    }

    @Override
    public void restart(long downMillis) throws Exception {
        server.shutdown();
        Thread.sleep(downMillis);
        server = new MongoServer(new H2Backend(file.toString()));
        server.bind("127.0.0.1", port);
    }

    /** The documents as rows of the table's columns (as cdc-sync stored its shape), values as the source prints them. */
    @Override
    public TableRows rows(String table) throws Exception {
        try (MongoClient client = client()) {
            List<String> columns = columns(client, table);
            if (columns.isEmpty()) {
                throw new IllegalStateException("no collection " + table + " yet");
            }
            List<List<String>> rows = new ArrayList<>();
            for (Document d : client.getDatabase(DATABASE).getCollection(table).find()) {
                List<String> row = new ArrayList<>(columns.size());
                columns.forEach(c -> row.add(d.get(c) == null ? null : d.get(c).toString()));
                rows.add(row);
            }
            return TableRows.sorted(columns, rows);
        }
    }

    private static List<String> columns(MongoClient client, String table) throws Exception {
        Document schema = client.getDatabase(DATABASE).getCollection("cdc_sync_schemas").find(Filters.eq("_id", table)).first();
        List<String> columns = new ArrayList<>();
        if (schema != null) {
            for (JsonNode c : JSON.readTree(schema.getString("schema")).path("columns")) {
                columns.add(c.path("name").asText());
            }
        }
        return columns;
    }

    @Override
    public long count(String table) {
        try (MongoClient client = client()) {
            return client.getDatabase(DATABASE).getCollection(table).countDocuments();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public boolean hasColumn(String table, String column) {
        try (MongoClient client = client()) {
            return columns(client, table).contains(column);
        } catch (Exception e) {
            return false;
        }
    }

    private MongoClient client() {
        return MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS)).build());
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
