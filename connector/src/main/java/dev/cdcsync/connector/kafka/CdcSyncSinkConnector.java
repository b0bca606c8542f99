package dev.cdcsync.connector.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cdc-sync as a Kafka Connect sink: Debezium change-event topics into a target, through the same pipeline as the
 * daemon ({@link CdcSyncSinkTask}). Every task gets the same configuration; Kafka Connect spreads the topic
 * partitions over them, and each task keeps its partitions' offsets in the target.
 */
public final class CdcSyncSinkConnector extends SinkConnector {

    static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(CdcSyncSinkConnector.class);

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CdcSyncSinkTask.class;
    }

    /**
     * One task per {@code tasks.max}; just one when it reads a transaction topic, since a source transaction's records
     * may be on every partition and only a task that reads them all can commit it whole.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int tasks = maxTasks;
        if (KafkaTopics.transactionTopicOf(props) != null) {
            tasks = 1;
            if (maxTasks > 1) {
                LOG.info("{} is set: one task reads every topic, to commit each source transaction whole", KafkaTopics.TOPIC);
            }
        }
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    /** Kafka Connect's checks, then the YAML's: a value the daemon would refuse is refused here, on its key. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean typed = config.configValues().stream().filter(v -> v.name().equals("target.type"))
                .allMatch(v -> v.errorMessages().isEmpty());
        if (typed) {
            try {
                SinkSettings.parse(new HashMap<>(connectorConfigs), connectorConfigs.getOrDefault("name", "cdc-sync"));
            } catch (RuntimeException e) {
                String key = keyNamedIn(e.getMessage(), config);
                config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                        .ifPresent(v -> v.addErrorMessage(e.getMessage()));
            }
        }
        unreadTransactionTopic(connectorConfigs).ifPresent(problem -> config.configValues().stream()
                .filter(v -> v.name().equals(KafkaTopics.TOPIC)).findFirst().ifPresent(v -> v.addErrorMessage(problem)));
        return config;
    }

    /** The transaction topic must be one the sink reads, or its records never come and transactions wait for ever. */
    static java.util.Optional<String> unreadTransactionTopic(Map<String, String> props) {
        String topic = KafkaTopics.transactionTopicOf(props);
        if (topic == null) {
            return java.util.Optional.empty();
        }
        String listed = props.getOrDefault(SinkTask.TOPICS_CONFIG, "");
        String regex = props.getOrDefault(SinkTask.TOPICS_REGEX_CONFIG, "");
        boolean read = java.util.Arrays.stream(listed.split(",")).map(String::trim).anyMatch(topic::equals)
                || (!regex.isBlank() && java.util.regex.Pattern.compile(regex).matcher(topic).matches());
        return read ? java.util.Optional.empty() : java.util.Optional.of(KafkaTopics.TOPIC + " " + topic
                + " is not among the topics the sink reads: add it to topics, or make topics.regex match it");
    }

    /** The key an error is about: the longest configured key its message names, else target.type. */
    private static String keyNamedIn(String message, Config config) {
        String best = null;
        for (ConfigValue v : config.configValues()) {
            String yaml = v.name().startsWith("target.") ? v.name().substring("target.".length()) : v.name();
            if (message != null && message.contains("'" + yaml + "'") && (best == null || v.name().length() > best.length())) {
                best = v.name();
            }
        }
        return best == null ? "target.type" : best;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SinkConfigDef.build();
    }

    @Override
    public String version() {
        return VERSION;
    }
}
