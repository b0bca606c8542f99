package dev.cdcsync.connector;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriterFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The writers on the class path, found with {@link ServiceLoader} and keyed by their {@code type:} name. */
public final class Writers {

    private final Map<String, TargetWriterFactory> byType = new LinkedHashMap<>();

    public Writers() {
        for (TargetWriterFactory f : ServiceLoader.load(TargetWriterFactory.class)) {
            TargetWriterFactory other = byType.put(f.type(), f);
            if (other != null) {
                throw new IllegalStateException("two writers claim target type '" + f.type() + "': "
                        + other.getClass().getName() + " and " + f.getClass().getName());
            }
        }
    }

    public Map<String, Class<? extends TargetSettings>> settingsTypes() {
        Map<String, Class<? extends TargetSettings>> out = new LinkedHashMap<>();
        byType.forEach((type, f) -> out.put(type, f.settingsType()));
        return out;
    }

    public TargetWriterFactory forSettings(TargetSettings settings) {
        for (TargetWriterFactory f : byType.values()) {
            if (f.settingsType().isInstance(settings)) {
                return f;
            }
        }
        throw new IllegalStateException("no writer for " + settings.getClass().getName());
    }
}
