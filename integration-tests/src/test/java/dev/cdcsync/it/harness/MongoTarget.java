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
 * A MongoDB server for tests; each test uses its own database. On machines without a real {@code mongod} (these):
 * the stand-in mongo-java-server (the wire protocol, in this JVM, in memory or in an H2 file), which the real driver
 * talks to; it has no transactions. Where a Docker engine runs: a real MongoDB 7 single-node replica set, which has.
 */
public final class MongoTarget implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MongoTarget shared;

    private static MongoTarget replicaSet;

    private final Runnable stop;
    private final String uri;
    private final boolean transactions;
    private final MongoClient client;

    private MongoTarget(de.bwaldvogel.mongo.MongoBackend backend) {
        this(standIn(backend), false);
    }

    private record Started(String uri, Runnable stop) {
    }

    private static Started standIn(de.bwaldvogel.mongo.MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        return new Started("mongodb://127.0.0.1:" + address.getPort(), server::shutdownNow);
    }

    private MongoTarget(Started started, boolean transactions) {
        this.uri = started.uri();
        this.stop = started.stop();
        this.transactions = transactions;
        // Reads UUIDs as standard binary subtype 4, as cdc-sync writes them.
        client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(uri))
                .uuidRepresentation(org.bson.UuidRepresentation.STANDARD).build());
    }

    public static synchronized MongoTarget shared() {
        if (shared == null) {
            shared = new MongoTarget(new MemoryBackend());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.stop));
        }
        return shared;
    }

    /** A real MongoDB 7 single-node replica set in a container: only where {@link MySqlContainerServer#dockerAvailable()}. */
    public static synchronized MongoTarget replicaSet() {
        if (replicaSet == null) {
            var container = new org.testcontainers.mongodb.MongoDBContainer("mongo:7").withReplicaSet();
            container.start();
            // The URL names a database too; the settings' database is the one written.
            replicaSet = new MongoTarget(new Started(container.getReplicaSetUrl(), container::stop), true);
            Runtime.getRuntime().addShutdownHook(new Thread(replicaSet.stop));
        }
        return replicaSet;
    }

    /** Whether the server has transactions (a replica set; the stand-in has none). */
    public boolean transactions() {
        return transactions;
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
        stop.run();
    }

    /** A fresh database name. */
    public String newDatabase(String label) {
        return label.replaceAll("[^A-Za-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
    }

    public MongoTargetSettings settings(String database) {
        return new MongoTargetSettings(new Secret(uri), database);
    }

    /** The collection's documents; on a replica set read from one snapshot, as a reader checking atomicity must. */
    public List<Document> documents(String database, String collection) {
        var documents = client.getDatabase(database).getCollection(collection);
        if (!transactions) {
            return documents.find().into(new ArrayList<>());
        }
        try (var session = client.startSession(com.mongodb.ClientSessionOptions.builder().snapshot(true).build())) {
            return documents.find(session).into(new ArrayList<>());
        }
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
