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
            Map<String, String> worker = new java.util.HashMap<>(Map.of("plugin.discovery", "service_load", "offset.flush.interval.ms", "1000"));
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

    public EmbeddedConnectCluster connect() {
        return cluster;
    }

    public EmbeddedKafkaCluster kafka() {
        return cluster.kafka();
    }
}
