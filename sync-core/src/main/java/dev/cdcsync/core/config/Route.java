package dev.cdcsync.core.config;

import java.util.HashSet;
import java.util.List;

/**
 * What differs for one source table {@code from} in the target.
 *
 * @param to           the target table's name (default: the source table's own name)
 * @param key          the columns that identify a row in the target, for a table the source keeps without a primary
 *                     key, or the source key's columns in another order (default: the source's primary key)
 * @param partitionKey the key columns that partition the table where the target partitions (Cassandra; default: the
 *                     first key column); the other key columns cluster, in key order
 */
public record Route(String from, String to, List<String> key, List<String> partitionKey) {

    public Route(String from, String to) {
        this(from, to, null, null);
    }

    public Route {
        Require.present(from, "from");
        key = columns(key, "key");
        partitionKey = columns(partitionKey, "partition-key");
        if (!key.isEmpty() && !key.containsAll(partitionKey)) {
            throw new IllegalArgumentException("'partition-key' " + partitionKey + " must name columns of 'key' " + key);
        }
    }

    private static List<String> columns(List<String> names, String what) {
        if (names == null) {
            return List.of();
        }
        if (names.isEmpty() && !Require.RELAXED.get()) {
            throw new IllegalArgumentException("'" + what + "' must name at least one column");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("'" + what + "' names a column twice: " + names);
        }
        return List.copyOf(names);
    }

    /** The target table's name for source table {@code sourceName} (its name without schema or database). */
    public String targetName(String sourceName) {
        return to == null || to.isBlank() ? sourceName : to;
    }
}
