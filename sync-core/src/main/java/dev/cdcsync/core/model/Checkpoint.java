package dev.cdcsync.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source offsets that a target commits together with the data they cover. A pipeline resumes
 * from the checkpoint its target holds, so the checkpoint must never run ahead of the data.
 *
 * @param entries one entry per source partition (Debezium partition map -> offset map; for the
 *                Kafka Connect plugin, topic-partition -> Kafka offset)
 */
public record Checkpoint(List<Entry> entries) {

    public record Entry(Map<String, Object> partition, Map<String, Object> offset) {
        public Entry {
            // Offsets may hold null values (Debezium writes some), so no Map.copyOf here.
            partition = Collections.unmodifiableMap(new LinkedHashMap<>(partition));
            offset = Collections.unmodifiableMap(new LinkedHashMap<>(offset));
        }
    }

    public Checkpoint {
        entries = List.copyOf(entries);
    }

    public static final Checkpoint EMPTY = new Checkpoint(List.of());

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries of these partitions only. */
    public Checkpoint only(java.util.Collection<? extends Map<String, ?>> partitions) {
        return new Checkpoint(entries.stream().filter(e -> partitions.contains(e.partition())).toList());
    }

    /** This checkpoint with {@code newer}'s entries replacing those of the same partitions. */
    public Checkpoint mergedWith(Checkpoint newer) {
        Map<Map<String, Object>, Entry> merged = new LinkedHashMap<>();
        entries.forEach(e -> merged.put(e.partition(), e));
        newer.entries.forEach(e -> merged.put(e.partition(), e));
        return new Checkpoint(List.copyOf(merged.values()));
    }
}
