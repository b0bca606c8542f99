package dev.cdcsync.core.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cdcsync.core.spi.TargetSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a pipelines YAML file into a frozen {@link SyncConfig}. Every error names the file, line and
 * column; an unknown key also lists the keys allowed there. Source and target sections bind to the
 * record their {@code type:} names.
 */
public final class ConfigLoader {

    private final ObjectMapper mapper;
    private final Function<String, String> env;
    private final ConfigErrorText errors;

    public ConfigLoader(Map<String, Class<? extends SourceSettings>> sources,
                        Map<String, Class<? extends TargetSettings>> targets,
                        Function<String, String> env) {
        this.env = env;
        this.errors = new ConfigErrorText(sources.keySet(), targets.keySet());
        SimpleModule module = new SimpleModule("cdc-sync-config");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.setMixInAnnotation(SourceSettings.class, Typed.class);
        module.setMixInAnnotation(TargetSettings.class, Typed.class);
        this.mapper = new ObjectMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .registerModule(module);
        sources.forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
        targets.forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface Typed {
    }

    public SyncConfig load(Path file) {
        try {
            if (Files.isRegularFile(file) && YamlLines.blank(file)) {
                throw new ConfigException(file + ":1:1: the file is empty; it needs 'pipelines:', a list of at least one"
                        + " pipeline (examples are in config/)");
            }
            SyncConfig config = bind(file);
            ConfigChecks.check(config, file);
            return config;
        } catch (ValueInstantiationException e) {
            throw new ConfigException(errors.describe(file, unknownKeyBehind(file, e)), e);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new ConfigException(errors.describe(file, e), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private SyncConfig bind(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Path base = file.toAbsolutePath().getParent();
            JsonParser parser = new SubstitutingParser(mapper.getFactory().createParser(reader), new Substitution(env, base));
            return mapper.readValue(parser, SyncConfig.class);
        }
    }

    /**
     * Binds one section given as a tree rather than a file (a Kafka Connect configuration put in the YAML's shape),
     * with the same names, defaults and checks as the YAML; an error names {@code where} and the key in the user's words.
     */
    public <T> T bindSection(JsonNode section, Class<T> type, String where) {
        try {
            return mapper.treeToValue(section, type);
        } catch (JsonProcessingException e) {
            throw new ConfigException(errors.describe(where, null, e), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    /** Reads YAML (or JSON) text into a tree, for a setting whose value is a YAML structure (a list of routes). */
    public JsonNode readTree(String yaml, String where) {
        try {
            return mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": not YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** A misspelt key shows first as a missing one; look again with checks relaxed to name the misspelling. */
    private JsonProcessingException unknownKeyBehind(Path file, ValueInstantiationException original) {
        Require.RELAXED.set(true);
        try {
            bind(file);
        } catch (PropertyBindingException unknownKey) {
            return unknownKey;
        } catch (IOException | RuntimeException ignored) {
            // the original error is the one to report
        } finally {
            Require.RELAXED.remove();
        }
        return original;
    }

}
