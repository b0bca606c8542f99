package dev.cdcsync.core.config;

import dev.cdcsync.core.model.TableId;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks that span keys or pipelines, run once after binding; each error names the line it is about. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static void check(SyncConfig config, Path file) {
        Map<String, Integer> seen = new HashMap<>();
        for (PipelineConfig p : config.pipelines()) {
            int nth = seen.merge(p.name(), 1, Integer::sum);
            Optional<String> nameAt = YamlLines.find(file, "name", p.name(), 0, nth);
            Place place = new Place(file, nameAt.map(YamlLines::lineOf).orElse(0), nameAt.orElse(file.toString()),
                    "pipeline '" + p.name() + "'");
            if (nth > 1) {
                String first = YamlLines.find(file, "name", p.name(), 0, 1).map(l -> " (first at line " + YamlLines.lineOf(l) + ")")
                        .orElse("");
                throw place.error(place.pipeline(), "the name is used twice" + first + "; pipeline names must be unique");
            }
            if (p.source().tables() == null || p.source().tables().isEmpty()) {
                throw place.error(place.key("tables"), "source.tables must list at least one table");
            }
            checkPatterns(p, place);
            checkRoutes(p, place);
        }
    }

    /** Where in the file a pipeline's problems are: from its {@code name:} line on. */
    private record Place(Path file, int fromLine, String pipelineAt, String what) {
        String pipeline() {
            return pipelineAt;
        }

        String key(String key) {
            return YamlLines.find(file, key, null, fromLine, 1).orElse(pipelineAt);
        }

        String text(String text) {
            return YamlLines.text(file, text, fromLine).orElse(pipelineAt);
        }

        ConfigException error(String at, String message) {
            return new ConfigException(at + ": " + what + ": " + message);
        }
    }

    private static void checkPatterns(PipelineConfig p, Place place) {
        for (String table : p.source().tables()) {
            if (table.length() > 1 && table.startsWith("/") && table.endsWith("/")) {
                try {
                    Pattern.compile(table.substring(1, table.length() - 1));
                } catch (PatternSyntaxException e) {
                    throw place.error(place.text(table), "table pattern '" + table + "' is not a valid regular expression: "
                            + e.getDescription() + " near position " + e.getIndex());
                }
            }
        }
    }

    /** Two source tables may not land on one target table unless a route says where each goes. */
    private static void checkRoutes(PipelineConfig p, Place place) {
        Map<String, String> routeOf = new HashMap<>();
        for (Route r : p.routes()) {
            if (!p.source().tables().contains(r.from())) {
                throw place.error(place.text(r.from()), "route from '" + r.from() + "' is not one of source.tables "
                        + p.source().tables());
            }
            if (routeOf.put(r.from(), r.targetName(TableId.parse(r.from()).name())) != null) {
                throw place.error(place.text(r.from()), "two routes from '" + r.from() + "'");
            }
        }
        Map<String, String> landsOn = new HashMap<>();
        for (String table : p.source().tables()) {
            if (table.startsWith("/")) {
                continue; // a pattern's tables are only known at run time; TableRouter checks those
            }
            String target = routeOf.getOrDefault(table, TableId.parse(table).name());
            String other = landsOn.put(target, table);
            if (other != null) {
                throw place.error(place.text(table), "source tables '" + other + "' and '" + table
                        + "' would both land on target table '" + target + "'; add a route for one of them");
            }
        }
    }
}
