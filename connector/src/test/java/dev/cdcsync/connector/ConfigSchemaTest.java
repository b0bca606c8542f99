package dev.cdcsync.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.cdcsync.connector.mongodb.MongoTargetSettings;
import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.source.MariaDbSourceSettings;
import dev.cdcsync.connector.source.MySqlSourceSettings;
import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JSON Schema editors validate with lists exactly the keys the loader accepts. */
class ConfigSchemaTest {

    private final JsonNode schema = read();

    @Test
    void pipelineKeysMatchTheLoader() {
        assertThat(keys("pipeline")).isEqualTo(components(PipelineConfig.class, false));
    }

    @Test
    void topLevelAndHttpKeysMatchTheLoader() {
        Set<String> top = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(top::add);
        assertThat(top).isEqualTo(components(dev.cdcsync.core.config.SyncConfig.class, false));
        Set<String> http = new TreeSet<>();
        schema.path("properties").path("http").path("properties").fieldNames().forEachRemaining(http::add);
        assertThat(http).isEqualTo(components(dev.cdcsync.core.config.HttpConfig.class, false));
    }

    @Test
    void errorsKeysMatchTheLoader() {
        Set<String> errors = new TreeSet<>();
        schema.path("$defs").path("pipeline").path("properties").path("errors").path("properties").fieldNames()
                .forEachRemaining(errors::add);
        assertThat(errors).isEqualTo(components(dev.cdcsync.core.config.ErrorsConfig.class, false));
    }

    @Test
    void postgresSourceKeysMatchTheLoader() {
        assertThat(keys("postgresSource")).isEqualTo(components(PostgresSourceSettings.class, true));
    }

    @Test
    void binlogSourceKeysMatchTheLoader() {
        assertThat(keys("binlogSource")).isEqualTo(components(MySqlSourceSettings.class, true))
                .isEqualTo(components(MariaDbSourceSettings.class, true));
    }

    @Test
    void postgresTargetKeysMatchTheLoader() {
        assertThat(keys("postgresTarget")).isEqualTo(components(PostgresTargetSettings.class, true));
    }

    @Test
    void mongodbTargetKeysMatchTheLoader() {
        assertThat(keys("mongodbTarget")).isEqualTo(components(MongoTargetSettings.class, true));
    }

    private Set<String> keys(String definition) {
        Set<String> keys = new TreeSet<>();
        schema.path("$defs").path(definition).path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> components(Class<? extends Record> type, boolean typed) {
        var kebab = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
        Set<String> keys = Arrays.stream(type.getRecordComponents()).map(c -> kebab.translate(c.getName()))
                .collect(Collectors.toCollection(TreeSet::new));
        if (typed) {
            keys.add("type");
        }
        return keys;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("../config/cdc-sync.schema.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
