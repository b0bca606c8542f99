package dev.cdcsync.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}}, {@code ${NAME:-default}} and {@code ${file:path}} in config values, so
 * that secrets come from the environment or a file and never sit in the YAML.
 */
final class Substitution {

    private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    private final Function<String, String> env;
    private final Path baseDir;

    Substitution(Function<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    String expand(String text) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(resolve(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(String ref) {
        if (ref.startsWith("file:")) {
            Path p = baseDir.resolve(ref.substring(5).trim());
            try {
                return Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("cannot read ${" + ref + "}: no such file " + p);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read ${" + ref + "} (" + p + "): " + e.getMessage());
            }
        }
        int dash = ref.indexOf(":-");
        String name = dash < 0 ? ref : ref.substring(0, dash);
        String value = env.apply(name);
        if (value == null || (dash >= 0 && value.isEmpty())) {
            if (dash < 0) {
                throw new IllegalArgumentException("environment variable " + name
                        + " is not set (write ${" + name + ":-default} to give a default)");
            }
            return ref.substring(dash + 2);
        }
        return value;
    }
}
