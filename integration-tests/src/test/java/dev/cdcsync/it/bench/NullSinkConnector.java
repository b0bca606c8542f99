package dev.cdcsync.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that drops every record it is handed: how fast a Connect worker alone fetches and converts a topic, the
 * ceiling every sink on that worker and converter runs under. Installed as a plugin of its own ({@link #pluginDir}).
 */
public final class NullSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return Drop.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "1";
    }

    /** Its task: converted records in, nothing out. */
    public static final class Drop extends SinkTask {

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1";
        }
    }

    /** A plugin directory holding a jar of this connector, for a worker's {@code plugin.path}. */
    static Path pluginDir() throws IOException {
        Path dir = Files.createTempDirectory("null-sink");
        Path plugin = Files.createDirectories(dir.resolve("null-sink"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugin.resolve("null-sink.jar")))) {
            for (Class<?> c : List.of(NullSinkConnector.class, Drop.class)) {
                String name = c.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(jar);
                }
            }
            jar.putNextEntry(new JarEntry("META-INF/services/org.apache.kafka.connect.sink.SinkConnector"));
            jar.write((NullSinkConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }
}
