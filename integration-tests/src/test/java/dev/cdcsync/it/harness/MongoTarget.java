package dev.cdcsync.it.harness;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.cdcsync.connector.mongodb.MongoTargetSettings;
import dev.cdcsync.core.config.Secret;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The MongoDB stand-in for tests on machines without a real {@code mongod}: mongo-java-server (the wire protocol, in
 * this JVM, in memory), which the real driver talks to. One per test run; each test uses its own database.
 */
public final class MongoTarget implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MongoTarget shared;

    private final MongoServer server;
    private final String uri;
    private final MongoClient client;

    private MongoTarget(de.bwaldvogel.mongo.MongoBackend backend) {
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
        // Reads UUIDs as standard binary subtype 4, as cdc-sync writes them.
        client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(uri))
                .uuidRepresentation(org.bson.UuidRepresentation.STANDARD).build());
    }

    public static synchronized MongoTarget shared() {
        if (shared == null) {
            shared = new MongoTarget(new MemoryBackend());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::shutdownNow));
        }
        return shared;
    }

    /**
     * A server of its own keeping its data in an H2 file (a temporary one, deleted on close), so that large data sets
     * stay off the heap of the JVM under test (benchmarks).
     */
    public static MongoTarget onDisk() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cdc-sync-mongo");
        dir.toFile().deleteOnExit();
        return new MongoTarget(new de.bwaldvogel.mongo.backend.h2.H2Backend(dir.resolve("data.mv").toString()));
    }

    public MongoClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }

    /** A fresh database name. */
    public String newDatabase(String label) {
        return label.replaceAll("[^A-Za-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
    }

    public MongoTargetSettings settings(String database) {
        return new MongoTargetSettings(new Secret(uri), database, null, null);
    }

    public List<Document> documents(String database, String collection) {
        return client.getDatabase(database).getCollection(collection).find().into(new ArrayList<>());
    }

    /** Replaces the document with the same {@code _id}. */
    public void replace(String database, String collection, Document document) {
        client.getDatabase(database).getCollection(collection)
                .replaceOne(new Document("_id", document.get("_id")), document);
    }

    /** The collection as rows of the given fields, each value as PostgreSQL would print it, sorted like {@link TableRows}. */
    public TableRows rows(String database, String collection, List<String> fields) {
        List<List<String>> rows = new ArrayList<>();
        for (Document d : documents(database, collection)) {
            List<String> row = new ArrayList<>(fields.size());
            for (String f : fields) {
                row.add(text(d.get(f)));
            }
            rows.add(row);
        }
        return TableRows.sorted(fields, rows);
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Decimal128 d) {
            return d.bigDecimalValue().toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
