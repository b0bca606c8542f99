package dev.cdcsync.it.kafka;

import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.spi.TargetSettings;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A target's settings written as the sink's {@code target.*} properties, the way a user would write them. */
final class SinkProperties {

    private SinkProperties() {
    }

    static Map<String, String> of(String type, TargetSettings settings) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("target.type", type);
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            Object value = c.getAccessor().invoke(settings);
            String key = "target." + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            if (value instanceof List<?> list) {
                props.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> props.put(key + "." + k, String.valueOf(v)));
            } else if (value instanceof Secret secret) {
                props.put(key, secret.value());
            } else if (value != null) {
                props.put(key, String.valueOf(value));
            }
        }
        return props;
    }
}
