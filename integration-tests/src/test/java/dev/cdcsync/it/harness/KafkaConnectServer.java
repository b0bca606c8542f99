package dev.cdcsync.it.harness;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A real Kafka broker (KRaft) and a real Kafka Connect worker in distributed mode, from Kafka's own test kit
 * ({@code EmbeddedConnectCluster}), in the test JVM. Started once per test run and shared; each test uses topics and
 * connectors of its own names.
 */
public final class KafkaConnectServer {

    private static KafkaConnectServer shared;

    private final EmbeddedConnectCluster cluster;

    private KafkaConnectServer(EmbeddedConnectCluster cluster) {
        this.cluster = cluster;
    }

    public static synchronized KafkaConnectServer shared() {
        if (shared == null) {
            Properties broker = new Properties();
            broker.put("auto.create.topics.enable", "true");
            // Plugins found through ServiceLoader manifests: the worker starts in seconds instead of scanning jars.
            // Sink consumers find a new topic matching their topics.regex within a second (the default is 5 minutes).
            Map<String, String> worker = new java.util.HashMap<>(Map.of("plugin.discovery", "service_load",
                    "offset.flush.interval.ms", "1000", "consumer.metadata.max.age.ms", "1000"));
            EmbeddedConnectCluster cluster = (EmbeddedConnectCluster) new EmbeddedConnectCluster.Builder().name("cdc-sync-it")
                    .numWorkers(1).numBrokers(1).brokerProps(broker).workerProps(worker).build();
            cluster.start();
            shared = new KafkaConnectServer(cluster);
        }
        return shared;
    }

    /**
     * Stops the shared cluster, if one was started, when the run's tests are done ({@link StopServersAfterTheRun}): not
     * from a shutdown hook, which would race the test kit's own hook deleting the broker's directories.
     */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.cluster.stop();
            shared = null;
        }
    }

    /**
     * Registers Debezium's PostgreSQL source connector {@code name} on {@code database} of the shared server, for these
     * tables, publishing JSON with schemas to topics {@code <name>.<schema>.<table>}; its slot is named after it.
     */
    public void startPostgresSource(String name, String database, String... tables) {
        startPostgresSource(name, database, Map.of(), tables);
    }

    /** The same, with further settings of Debezium's connector ({@code provide.transaction.metadata}). */
    public void startPostgresSource(String name, String database, Map<String, String> more, String... tables) {
        Map<String, String> settings = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("connector.class", "io.debezium.connector.postgresql.PostgresConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("database.hostname", "localhost"),
                Map.entry("database.port", String.valueOf(PostgresServer.shared().port())),
                Map.entry("database.user", "postgres"),
                Map.entry("database.password", ""),
                Map.entry("database.dbname", database),
                Map.entry("topic.prefix", name),
                Map.entry("plugin.name", "pgoutput"),
                Map.entry("slot.name", slot(name)),
                Map.entry("publication.name", slot(name)),
                Map.entry("publication.autocreate.mode", "filtered"),
                Map.entry("skipped.operations", "none"),
                Map.entry("table.include.list", String.join(",", tables)),
                Map.entry("key.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter")));
        settings.putAll(more);
        cluster.configureConnector(name, settings);
    }

    /** Removes a source connector {@link #startPostgresSource} registered, and its replication slot once released. */
    public void removePostgresSource(String name) throws Exception {
        cluster.deleteConnector(name);
        Thread.sleep(1000); // the task lets go of its slot as it stops
        PostgresServer.shared().dropSlot(slot(name));
    }

    private static String slot(String name) {
        return "cdc_sync_" + name.replaceAll("[^a-z0-9_]", "_");
    }

    public EmbeddedConnectCluster connect() {
        return cluster;
    }

    public EmbeddedKafkaCluster kafka() {
        return cluster.kafka();
    }
}
