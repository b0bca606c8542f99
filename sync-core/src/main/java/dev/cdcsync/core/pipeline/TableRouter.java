package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.model.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the target table of each source table: the route's {@code to} if one matches, else the
 * source table's own name. Two source tables landing on one target table is an error, not a merge.
 */
public final class TableRouter {

    private final Map<String, String> routes = new HashMap<>();
    private final Map<TableId, TableId> resolved = new HashMap<>();
    private final Map<TableId, TableId> claimedBy = new HashMap<>();

    public TableRouter(List<Route> routes) {
        routes.forEach(r -> this.routes.put(r.from(), r.to()));
    }

    public TableId targetOf(TableId source) {
        TableId target = resolved.get(source);
        if (target == null) {
            String to = routes.getOrDefault(source.toString(), source.name());
            target = TableId.of(null, to);
            TableId other = claimedBy.putIfAbsent(target, source);
            if (other != null && !other.equals(source)) {
                throw new IllegalStateException("source tables " + other + " and " + source
                        + " would both land on target table " + to + "; add a route for one of them");
            }
            resolved.put(source, target);
        }
        return target;
    }
}
