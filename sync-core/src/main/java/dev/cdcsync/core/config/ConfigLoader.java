package dev.cdcsync.core.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a pipelines YAML file into a frozen {@link SyncConfig}. Every error names the file, line and
 * column; an unknown key also lists the keys allowed there. Source and target sections bind to the
 * record their {@code type:} names.
 */
public final class ConfigLoader {

    private final ObjectMapper mapper;
    private final Function<String, String> env;

    public ConfigLoader(Map<String, Class<? extends SourceSettings>> sources,
                        Map<String, Class<? extends TargetSettings>> targets,
                        Function<String, String> env) {
        this.env = env;
        SimpleModule module = new SimpleModule("cdc-sync-config");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.setMixInAnnotation(SourceSettings.class, Typed.class);
        module.setMixInAnnotation(TargetSettings.class, Typed.class);
        this.mapper = new ObjectMapper(new YAMLFactory())
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
            SyncConfig config = bind(file);
            ConfigChecks.check(config, file.toString());
            return config;
        } catch (ValueInstantiationException e) {
            throw new ConfigException(describe(file, unknownKeyBehind(file, e)), e);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, e), e);
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
            throw new ConfigException(describe(where, null, e), e);
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

    private static String describe(Path file, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return describe(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr()), file, e);
    }

    /** @param file the YAML file, to find a key's own line in; null for settings that come from no file */
    private static String describe(String where, Path file, JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof PropertyBindingException p) {
            where = file == null ? where : keyLocation(file, p.getPropertyName()).orElse(where);
            TreeSet<String> allowed = new TreeSet<>();
            p.getKnownPropertyIds().forEach(k -> allowed.add(String.valueOf(k)));
            if (p.getReferringClass() != null && (SourceSettings.class.isAssignableFrom(p.getReferringClass())
                    || TargetSettings.class.isAssignableFrom(p.getReferringClass()))) {
                allowed.add("type");
            }
            return where + ": unknown key '" + p.getPropertyName() + "'" + in(parentPath(path))
                    + "; allowed keys: " + String.join(", ", allowed);
        }
        if (e instanceof InvalidTypeIdException t) {
            return where + ": unknown type '" + t.getTypeId() + "'" + in(path) + "; " + knownTypes(t.getOriginalMessage());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return where + ": " + v.getCause().getMessage() + in(path);
        }
        String found = e instanceof MismatchedInputException m && m.getTargetType() != null ? found(m.getOriginalMessage()) : "";
        if (!found.isEmpty()) { // a value of the wrong shape: say so in YAML words, not Jackson's Java types
            return where + ": expected " + expected(((MismatchedInputException) e).getTargetType()) + found + in(path);
        }
        return where + ": " + e.getOriginalMessage() + in(path);
    }

    /** What a setting's Java type takes, in YAML words. */
    private static String expected(Class<?> type) {
        if (type == String.class || type == Secret.class || type.isEnum()) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration (like 500ms, 10s, 2m)";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping (key: value lines)";
    }

    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");

    private static String found(String message) {
        Matcher m = TOKEN.matcher(message == null ? "" : message);
        if (!m.find()) {
            return "";
        }
        return ", found " + switch (m.group(1)) {
            case "START_OBJECT" -> "a mapping (inside [ ], quote a value that starts with ${ or {)";
            case "START_ARRAY" -> "a list";
            case "VALUE_STRING" -> "text";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
            case "VALUE_NULL" -> "nothing";
            default -> "something else";
        };
    }

    /**
     * Jackson locates an unknown key of a record at the end of its object (it buffers them);
     * the key's own line is what a person needs, so find where it is written.
     */
    private static Optional<String> keyLocation(Path file, String key) {
        Pattern asKey = Pattern.compile("^(\\s*(?:-\\s+)?)(['\"]?)" + Pattern.quote(key) + "\\2\\s*:");
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = asKey.matcher(lines.get(i));
                if (m.find()) {
                    return Optional.of(file + ":" + (i + 1) + ":" + (m.group(1).length() + 1));
                }
            }
        } catch (IOException ignored) {
            // fall back to Jackson's location
        }
        return Optional.empty();
    }

    private static String knownTypes(String message) {
        int i = message == null ? -1 : message.indexOf("known type ids = ");
        if (i < 0) {
            return "a 'type' key is required";
        }
        String ids = message.substring(i + "known type ids = ".length());
        int close = ids.indexOf(']');
        return "allowed types: " + (close < 0 ? ids : ids.substring(1, close));
    }

    private static String in(String path) {
        return path.isEmpty() ? "" : " (at " + path + ")";
    }

    private static String parentPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }
}
