package dev.cdcsync.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.cdcsync.core.spi.TargetSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A binding error as one line in the user's words: {@code file:line:column: what is wrong; what is allowed}, with the
 * key's path. Never a Java class name, never a parser's multi-line dump.
 */
final class ConfigErrorText {

    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    private final Collection<String> sourceTypes;
    private final Collection<String> targetTypes;

    ConfigErrorText(Collection<String> sourceTypes, Collection<String> targetTypes) {
        this.sourceTypes = new TreeSet<>(sourceTypes);
        this.targetTypes = new TreeSet<>(targetTypes);
    }

    String describe(Path file, JsonProcessingException e) {
        MarkedYAMLException yaml = yamlCause(e);
        if (yaml != null) {
            return notYaml(file, yaml);
        }
        JsonLocation loc = e.getLocation();
        return describe(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr()), file, e);
    }

    /** @param file the YAML file, to find a key's own line in; null for settings that come from no file */
    String describe(String where, Path file, JsonProcessingException e) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof PropertyBindingException p) {
            where = file == null ? where : YamlLines.key(file, p.getPropertyName()).orElse(where);
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
            String types = "allowed types: " + String.join(", ", typesOf(t));
            return t.getTypeId() == null ? where + ": missing required key 'type'" + in(path) + "; " + types
                    : where + ": unknown type '" + t.getTypeId() + "'" + in(path) + "; " + types;
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            String message = v.getCause().getMessage();
            return valueKey(message).flatMap(key -> file == null ? java.util.Optional.<String>empty()
                    : YamlLines.keyBefore(file, key, e.getLocation() == null ? Integer.MAX_VALUE : e.getLocation().getLineNr()))
                    .orElse(where) + ": " + message + in(path);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            return where + ": expected " + expected(f.getTargetType()) + ", found '" + f.getValue() + "'" + in(path);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + ": expected " + expected(m.getTargetType()) + found(m.getOriginalMessage()) + in(path);
        }
        Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (dup.find()) {
            return where + ": key '" + dup.group(1) + "' is given twice" + in(path) + "; keep one";
        }
        return where + ": " + e.getOriginalMessage() + in(path);
    }

    private static final Pattern VALUE_KEY = Pattern.compile("^(?:unknown ([a-z.-]+) |'([a-z.-]+)'[ :]|pipeline (name) )");

    /** The key a record's own check names ("unknown deletes 'x'", "'batch.max-rows' must ..."), to point at its line. */
    private static java.util.Optional<String> valueKey(String message) {
        Matcher m = VALUE_KEY.matcher(message == null ? "" : message);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        String key = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return java.util.Optional.of(key.substring(key.lastIndexOf('.') + 1));
    }

    private Collection<String> typesOf(InvalidTypeIdException t) {
        return t.getBaseType() != null && TargetSettings.class.isAssignableFrom(t.getBaseType().getRawClass())
                ? targetTypes : sourceTypes;
    }

    /** SnakeYAML's complaint, condensed: where the problem is and what it is. */
    private static String notYaml(Path file, MarkedYAMLException yaml) {
        Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
        String where = file + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1));
        String problem = String.valueOf(yaml.getProblem());
        if (problem.contains("\\t(TAB)")) {
            return where + ": a tab character cannot indent YAML; indent with spaces";
        }
        String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + " opened at line "
                + (yaml.getContextMark().getLine() + 1) + ")";
        return where + ": not valid YAML: " + problem.replace("<stream end>", "the end of the file") + context;
    }

    private static MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
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
