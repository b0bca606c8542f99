package dev.cdcsync.connector.source;

/**
 * One source type: found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.cdcsync.connector.source.SourceFactory}) and keyed by its {@code type:} name. A new
 * source type adds a settings record implementing {@link DebeziumSourceSettings} (connector properties, resume check,
 * snapshot rules, captured tables), its {@link Preflight}, and one of these.
 */
public interface SourceFactory {

    /** The {@code type:} value in YAML, e.g. {@code postgres}. */
    String type();

    /** The record the {@code source:} section binds to; its components are the allowed keys. */
    Class<? extends DebeziumSourceSettings> settingsType();

    /** The checks {@code validate} runs (and what a start would trip over), for settings of {@link #settingsType()}. */
    Preflight preflight(DebeziumSourceSettings settings);

    /**
     * Whether this source's connector can sit idle after losing its connection instead of failing (the binlog client,
     * whose own reconnect is off), so that the engine's connection must be watched.
     */
    default boolean watchDisconnects() {
        return false;
    }
}
