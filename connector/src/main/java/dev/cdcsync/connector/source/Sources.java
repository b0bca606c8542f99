package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.SourceSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The source types on the class path, found with {@link ServiceLoader} and keyed by their {@code type:} name. */
public final class Sources {

    private static final Map<String, SourceFactory> BY_TYPE = load();

    private Sources() {
    }

    private static Map<String, SourceFactory> load() {
        Map<String, SourceFactory> byType = new LinkedHashMap<>();
        for (SourceFactory f : ServiceLoader.load(SourceFactory.class, Sources.class.getClassLoader())) {
            SourceFactory other = byType.put(f.type(), f);
            if (other != null) {
                throw new IllegalStateException("two sources claim source type '" + f.type() + "': "
                        + other.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return byType;
    }

    /** Each {@code type:} name and the settings record its section binds to. */
    public static Map<String, Class<? extends SourceSettings>> settingsTypes() {
        Map<String, Class<? extends SourceSettings>> out = new LinkedHashMap<>();
        BY_TYPE.forEach((type, f) -> out.put(type, f.settingsType()));
        return out;
    }

    /** The factory of the type these settings were bound as. */
    public static SourceFactory forSettings(SourceSettings settings) {
        for (SourceFactory f : BY_TYPE.values()) {
            if (f.settingsType().isInstance(settings)) {
                return f;
            }
        }
        throw new IllegalStateException("no source type for " + settings.getClass().getName());
    }

    /** The settings as the Debezium source they are. */
    public static DebeziumSourceSettings debezium(SourceSettings settings) {
        return forSettings(settings).settingsType().cast(settings);
    }

    /** The checks {@code validate} runs for these settings. */
    public static Preflight preflight(SourceSettings settings) {
        return forSettings(settings).preflight(debezium(settings));
    }
}
