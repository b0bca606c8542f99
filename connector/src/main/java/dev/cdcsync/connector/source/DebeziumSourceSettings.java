package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.SourceSettings;
import java.util.Map;

/** A source captured by a Debezium connector. */
public interface DebeziumSourceSettings extends SourceSettings {

    /** The connector's own properties (class, connection, tables, fidelity settings) for this pipeline. */
    Map<String, String> connectorProperties(String pipeline);

    /** The user's {@code debezium:} map, applied last and unchanged. */
    Map<String, String> debezium();

    /** Prepares local state the connector needs before it starts (e.g. the schema history's directory). */
    default void prepare(String pipeline) {
    }
}
