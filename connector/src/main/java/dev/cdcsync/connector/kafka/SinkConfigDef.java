package dev.cdcsync.connector.kafka;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.spi.TargetSettings;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The sink's {@link ConfigDef}, made from the same settings records the YAML binds to: {@code target.<key>} for every
 * key of every target type on the class path, and the pipeline-level keys. Kafka Connect shows and masks them
 * (passwords); the values are checked by binding them as the YAML would ({@link SinkSettings}).
 */
final class SinkConfigDef {

    private SinkConfigDef() {
    }

    static ConfigDef build() {
        Map<String, Class<? extends TargetSettings>> targets = new Writers().settingsTypes();
        ConfigDef def = new ConfigDef();
        def.define(SinkSettings.NAME, Type.STRING, null, Importance.LOW,
                "The pipeline's name, under which the target keeps this connector's offsets (default: the connector's name).");
        def.define("target.type", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "The target: " + String.join(", ", targets.keySet()) + ".");
        targetKeys(targets).forEach((key, secret) -> def.define("target." + key, secret ? Type.PASSWORD : Type.STRING, null,
                Importance.MEDIUM, "As target." + key + " in the YAML (see the README for the target types that take it)."));
        for (String key : SinkSettings.PIPELINE_KEYS) {
            def.define(key, Type.STRING, null, Importance.LOW, "As " + key + " in the YAML.");
        }
        def.define(KafkaTopics.TOPIC, Type.STRING, null, Importance.MEDIUM,
                "Debezium's transaction-metadata topic (<topic.prefix>.transaction, from a source connector with"
                        + " provide.transaction.metadata=true), also among the topics read: each source transaction is"
                        + " then committed to the target whole, by one task.");
        def.define(KafkaTopics.MAX_WAIT, Type.STRING, null, Importance.LOW,
                "With transactions.topic: how long a source transaction's records may take to come before it is"
                        + " applied as it stands, with a warning (default 60s).");
        def.define(SinkSettings.ROUTES, Type.STRING, null, Importance.LOW,
                "The YAML list of routes, as text: [{from: public.orders, to: orders_copy}].");
        return def;
    }

    /** Every target type's keys, by YAML name; true for a secret. */
    private static Map<String, Boolean> targetKeys(Map<String, Class<? extends TargetSettings>> targets) {
        Map<String, Boolean> keys = new TreeMap<>();
        targets.values().forEach(type -> {
            for (RecordComponent c : type.getRecordComponents()) {
                keys.merge(SinkSettings.yamlName(c.getName()), c.getType() == Secret.class, Boolean::logicalOr);
            }
        });
        return keys;
    }
}
