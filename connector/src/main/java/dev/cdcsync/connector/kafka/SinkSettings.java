package dev.cdcsync.connector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcsync.connector.Writers;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ConfigException;
import dev.cdcsync.core.config.ConfigLoader;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.core.spi.TargetSettings;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sink connector's configuration read into the daemon's {@link PipelineConfig}: every key is the YAML key's path
 * joined with dots ({@code target.url}, {@code batch.max-rows}, {@code errors.retry.max-attempts}), bound by the same
 * {@link ConfigLoader}, so names, defaults and checks are those of the YAML. A list is written comma-separated
 * ({@code target.contact-points=a:9042,b:9042}); a mapping's entries each under their own key
 * ({@code target.driver.basic.request.timeout=10 seconds}); {@code routes} takes the YAML list as text.
 */
final class SinkSettings {

    static final String NAME = "pipeline.name";
    static final String ROUTES = "routes";
    /** Pipeline keys besides {@code target.*}: the YAML's pipeline-level settings. */
    static final List<String> PIPELINE_KEYS = List.of("schema-evolution", "deletes", "batch.max-rows", "batch.max-delay",
            "batch.max-transaction-rows", "errors.mode", "errors.retry.max-attempts", "errors.retry.max-backoff");

    private SinkSettings() {
    }

    /** Targets only: a sink binds no source, and needs none of the Debezium source connectors on its class path. */
    static ConfigLoader loader(Map<String, Class<? extends TargetSettings>> targets) {
        return new ConfigLoader(Map.of(), targets, System::getenv);
    }

    /** @param connector the connector's name, the pipeline's name unless {@value #NAME} says otherwise */
    static PipelineConfig parse(Map<String, String> props, String connector) {
        Map<String, Class<? extends TargetSettings>> targets = new Writers().settingsTypes();
        ConfigLoader loader = loader(targets);
        String name = props.getOrDefault(NAME, connector);
        Set<String> lists = listKeys(targets.get(props.getOrDefault("target.type", "")));
        TargetSettings target = loader.bindSection(section(props, "target.", lists),
                TargetSettings.class, "target");
        ObjectNode pipeline = section(props, "", Set.of());
        List<Route> routes = props.containsKey(ROUTES)
                ? List.of(loader.bindSection(loader.readTree(props.get(ROUTES), ROUTES), Route[].class, ROUTES)) : List.of();
        EvolutionMode mode = pipeline.has("schema-evolution")
                ? loader.bindSection(pipeline.get("schema-evolution"), EvolutionMode.class, "schema-evolution") : null;
        BatchConfig batch = pipeline.has("batch") ? loader.bindSection(pipeline.get("batch"), BatchConfig.class, "batch") : null;
        ErrorsConfig errors = pipeline.has("errors") ? loader.bindSection(pipeline.get("errors"), ErrorsConfig.class, "errors") : null;
        if (errors != null && errors.deadLetters()) { // Kafka Connect has its own dead-letter place, with its own settings
            throw new ConfigException("errors.mode: dead-letter is the daemon's; a Kafka Connect sink sets aside what it"
                    + " cannot apply with errors.tolerance=all and errors.deadletterqueue.topic.name (see the README)");
        }
        java.time.Duration maxWait = props.get(KafkaTopics.MAX_WAIT) == null ? null : loader.bindSection(
                JsonNodeFactory.instance.textNode(props.get(KafkaTopics.MAX_WAIT)), java.time.Duration.class, KafkaTopics.MAX_WAIT);
        try {
            KafkaTopics topics = new KafkaTopics(List.of(), KafkaTopics.transactionTopicOf(props), maxWait);
            return new PipelineConfig(name, topics, target, routes, mode, props.get("deletes"), batch, errors);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * The keys under {@code prefix} as a tree in the YAML's shape: {@code a.b=v} becomes {@code a: {b: v}}, except
     * inside a {@code target} mapping setting ({@code driver}, {@code replication}), whose keys keep their dots.
     */
    static ObjectNode section(Map<String, String> props, String prefix, Set<String> lists) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        props.forEach((key, value) -> {
            if (!key.startsWith(prefix) || (prefix.isEmpty() && !PIPELINE_KEYS.contains(key))) {
                return;
            }
            String[] parts = key.substring(prefix.length()).split("\\.", prefix.equals("target.") ? 2 : -1);
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = node.has(parts[i]) && node.get(parts[i]) instanceof ObjectNode o ? o : node.putObject(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            node.set(leaf, node == root && lists.contains(leaf) ? list(value) : JsonNodeFactory.instance.textNode(value));
        });
        return root;
    }

    private static JsonNode list(String commaSeparated) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String item : commaSeparated.split(",")) {
            if (!item.isBlank()) {
                list.add(item.trim());
            }
        }
        return list;
    }

    /** The settings (of the configured target type; null when unknown) that take a list, by their YAML names. */
    static Set<String> listKeys(Class<? extends TargetSettings> settings) {
        if (settings == null || !settings.isRecord()) {
            return Set.of();
        }
        Set<String> lists = new HashSet<>();
        for (RecordComponent c : settings.getRecordComponents()) {
            if (List.class.isAssignableFrom(c.getType())) {
                lists.add(yamlName(c.getName()));
            }
        }
        return lists;
    }

    /** A settings record component's YAML key ({@code contactPoints} -> {@code contact-points}). */
    static String yamlName(String component) {
        return new PropertyNamingStrategies.KebabCaseStrategy().translate(component);
    }
}
