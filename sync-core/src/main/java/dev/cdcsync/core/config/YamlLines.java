package dev.cdcsync.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a key is written in a YAML file, for errors the binder cannot place (it reports an unknown key at the
 * end of its mapping, and checks across keys have no location at all): {@code file:line:column}.
 */
final class YamlLines {

    private YamlLines() {
    }

    /** The first line that writes {@code key:} (block or flow style). */
    static Optional<String> key(Path file, String key) {
        return find(file, key, null, 0, 1);
    }

    /**
     * The {@code nth} (from 1) place at or after line {@code fromLine} (from 1) where {@code key} is written, with
     * {@code value} when not null.
     */
    static Optional<String> find(Path file, String key, String value, int fromLine, int nth) {
        String valuePart = value == null ? "" : "\\s*(['\"]?)" + Pattern.quote(value) + "\\3(?=\\s*(?:[,}#]|$))";
        Pattern asKey = Pattern.compile("(^\\s*(?:-\\s+)?|[{,]\\s*)(['\"]?)" + Pattern.quote(key) + "\\2\\s*:" + valuePart);
        List<String> lines = lines(file);
        int seen = 0;
        for (int i = Math.max(0, fromLine - 1); i < lines.size(); i++) {
            Matcher m = asKey.matcher(lines.get(i));
            if (m.find() && ++seen == nth) {
                return Optional.of(file + ":" + (i + 1) + ":" + (m.start() + m.group(1).length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The last place at or before line {@code line} (from 1) where {@code key} is written: a value's own key. */
    static Optional<String> keyBefore(Path file, String key, int line) {
        Optional<String> last = Optional.empty();
        for (int nth = 1; ; nth++) {
            Optional<String> at = find(file, key, null, 0, nth);
            if (at.isEmpty() || lineOf(at.get()) > line) {
                return last;
            }
            last = at;
        }
    }

    /** The first place at or after line {@code fromLine} (from 1) where {@code text} is written verbatim. */
    static Optional<String> text(Path file, String text, int fromLine) {
        List<String> lines = lines(file);
        for (int i = Math.max(0, fromLine - 1); i < lines.size(); i++) {
            int at = lines.get(i).indexOf(text);
            if (at >= 0) {
                return Optional.of(file + ":" + (i + 1) + ":" + (at + 1));
            }
        }
        return Optional.empty();
    }

    /** The line (from 1) of a location {@link #find} returned. */
    static int lineOf(String location) {
        String[] parts = location.split(":");
        return Integer.parseInt(parts[parts.length - 2]);
    }

    /** Whether the file holds nothing but blanks and comments. */
    static boolean blank(Path file) {
        return lines(file).stream().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
