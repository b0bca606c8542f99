package dev.cdcsync.core.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The last value given for each source partition, in the order the partitions first came. Events come in runs of
 * one partition, and Debezium makes a new, equal partition map for every record: within a run the last value is only
 * kept at hand (the partition compared by equality, which is cheaper than hashing it into a map), and the map is
 * touched once per run rather than once per event. Not thread-safe.
 *
 * @param <V> the value kept per partition (an offset, a record)
 */
public final class LastPerPartition<V> {

    private final Map<Map<String, ?>, V> earlier = new LinkedHashMap<>();
    private boolean inRun;
    private Map<String, ?> runPartition;
    private V runLast;

    public void add(Map<String, ?> partition, V value) {
        if (inRun && partition != runPartition && !Objects.equals(partition, runPartition)) {
            keepRun();
        }
        inRun = true;
        runPartition = partition;
        runLast = value;
    }

    /** The last value per partition so far; the map is this object's own (a caller may remove partitions from it). */
    public Map<Map<String, ?>, V> asMap() {
        keepRun();
        return earlier;
    }

    public boolean isEmpty() {
        return !inRun && earlier.isEmpty();
    }

    public void clear() {
        earlier.clear();
        inRun = false;
        runPartition = null;
        runLast = null;
    }

    private void keepRun() {
        if (inRun) {
            earlier.put(runPartition, runLast);
            inRun = false;
            runPartition = null;
            runLast = null;
        }
    }
}
