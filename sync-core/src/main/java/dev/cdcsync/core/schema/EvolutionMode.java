package dev.cdcsync.core.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a pipeline reacts to source schema changes (after Flink CDC's schema-change behaviours). */
public enum EvolutionMode {
    /** Apply every change; a change the target rejects stops the pipeline. */
    EVOLVE,
    /** Apply every change; a change the target rejects is logged and skipped. */
    TRY_EVOLVE,
    /** Add columns, widen types when safe; never drop (dropped columns are left, nullable). */
    LENIENT,
    /** Never change the target; columns it does not have are left out of the rows. */
    IGNORE,
    /** Any change after table creation stops the pipeline. */
    FAIL;

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EvolutionMode fromYaml(String value) {
        for (EvolutionMode m : values()) {
            if (m.yamlName().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown schema-evolution mode '" + value + "'; allowed: "
                + Arrays.stream(values()).map(EvolutionMode::yamlName).collect(Collectors.joining(", ")));
    }
}
