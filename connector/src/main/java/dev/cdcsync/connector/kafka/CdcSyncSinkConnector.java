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

/**
 * cdc-sync as a Kafka Connect sink: Debezium change-event topics into a target, through the same pipeline as the
 * daemon ({@link CdcSyncSinkTask}). Every task gets the same configuration; Kafka Connect spreads the topic
 * partitions over them, and each task keeps its partitions' offsets in the target.
 */
public final class CdcSyncSinkConnector extends SinkConnector {

    static final String VERSION = "0.1.0";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CdcSyncSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
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
        return config;
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
