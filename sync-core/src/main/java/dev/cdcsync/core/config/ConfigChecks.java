package dev.cdcsync.core.config;

import dev.cdcsync.core.model.TableId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks that span keys or pipelines, run once after binding. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static void check(SyncConfig config, String file) {
        Set<String> names = new HashSet<>();
        for (PipelineConfig p : config.pipelines()) {
            String where = file + ": pipeline '" + p.name() + "'";
            if (!names.add(p.name())) {
                throw new ConfigException(where + ": the name is used twice; pipeline names must be unique");
            }
            if (p.source().tables() == null || p.source().tables().isEmpty()) {
                throw new ConfigException(where + ": source.tables must list at least one table");
            }
            checkRoutes(p, where);
        }
    }

    /** Two source tables may not land on one target table unless a route says where each goes. */
    private static void checkRoutes(PipelineConfig p, String where) {
        Map<String, String> routeOf = new HashMap<>();
        for (Route r : p.routes()) {
            if (!p.source().tables().contains(r.from())) {
                throw new ConfigException(where + ": route from '" + r.from() + "' is not one of source.tables "
                        + p.source().tables());
            }
            if (routeOf.put(r.from(), r.targetName(TableId.parse(r.from()).name())) != null) {
                throw new ConfigException(where + ": two routes from '" + r.from() + "'");
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
                throw new ConfigException(where + ": source tables '" + other + "' and '" + table
                        + "' would both land on target table '" + target + "'; add a route for one of them");
            }
        }
    }
}
