package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows what is durable in the target, per source partition. Every entry point asks it: the
 * embedded engine confirms to the source the first {@link #durableEvents()} events it handed over (and Debezium
 * reads {@link #checkpoint()} before it confirms a position to a replication slot); a Kafka Connect task's
 * {@code preCommit} reports {@link #offset} per topic-partition. Nothing here ever runs ahead of what the target
 * holds: offsets become durable only through {@link #durable}, which the pipeline calls in batch order once a batch
 * (and its checkpoint) is stored.
 *
 * <p>The pipeline thread records and seals; any thread may read the durable side.
 */
public final class DurableOffsets implements Durability {

    /** The events a batch covers, counted from the first event handed over, and the offsets it moved. */
    record Sealed(long events, Checkpoint checkpoint, String lastPosition) {
    }

    /** The last offset handed over per partition since the last seal; made into checkpoint entries only at a seal. */
    private final LastPerPartition<Map<String, ?>> moved = new LastPerPartition<>();
    private volatile Map<Map<String, ?>, Checkpoint.Entry> durable = Map.of();
    private long eventsReceived;
    private long lastSealed;
    private volatile long eventsDurable;
    private volatile long eventsDiscarded;

    /** An event was handed over; its offset belongs to the next sealed batch. */
    void received(SourceEvent event) {
        eventsReceived++;
        if (event.partition() != null && event.offset() != null) {
            moved.add(event.partition(), event.offset()); // runs per event: no copies here
        }
    }

    /** How many events were handed over, counted from the first. */
    long eventsReceived() {
        return eventsReceived;
    }

    /** Whether events were handed over since the last seal. */
    boolean hasUnsealed() {
        return eventsReceived > lastSealed;
    }

    /** Whether an offset moved since the last seal. */
    boolean moved() {
        return !moved.isEmpty();
    }

    /**
     * Closes the current batch: the events so far and the offsets of the partitions they moved, each stamped with
     * {@code stamp} when not null (see {@link VersionStamp}).
     */
    Sealed seal(String lastPosition, dev.cdcsync.core.model.ChangeVersion stamp) {
        List<Checkpoint.Entry> entries = new ArrayList<>();
        moved.asMap().forEach((partition, offset) -> entries.add(entry(partition,
                stamp == null ? offset : VersionStamp.stamped(offset, stamp))));
        Sealed sealed = new Sealed(eventsReceived, new Checkpoint(entries), lastPosition);
        moved.clear();
        lastSealed = eventsReceived;
        return sealed;
    }

    @SuppressWarnings("unchecked")
    private static Checkpoint.Entry entry(Map<String, ?> partition, Map<String, ?> offset) {
        return new Checkpoint.Entry((Map<String, Object>) partition, (Map<String, Object>) offset);
    }

    /** The sealed batch is stored, and so is every batch sealed before it. */
    void durable(Sealed sealed) {
        Map<Map<String, ?>, Checkpoint.Entry> next = new LinkedHashMap<>(durable);
        sealed.checkpoint().entries().forEach(e -> next.put(e.partition(), e));
        durable = next;
        eventsDurable = Math.max(eventsDurable, sealed.events());
    }

    /**
     * The source (re)delivers from {@code from}, which the target holds: nothing handed over so far may be confirmed
     * any more (its changes were dropped, the source sends them again).
     */
    void restart(Checkpoint from) {
        Map<Map<String, ?>, Checkpoint.Entry> start = new LinkedHashMap<>();
        from.entries().forEach(e -> start.put(e.partition(), e));
        durable = start;
        moved.clear();
        lastSealed = eventsReceived;
        eventsDiscarded = eventsReceived;
        eventsDurable = eventsReceived;
    }

    /** These partitions are no longer this pipeline's (a Kafka Connect rebalance): forget them. */
    void revoke(Collection<?> partitions) {
        moved.asMap().keySet().removeAll(partitions);
        Map<Map<String, ?>, Checkpoint.Entry> next = new LinkedHashMap<>(durable);
        next.keySet().removeAll(partitions);
        durable = next;
    }

    /** The offsets the target holds, one per partition: where the source must resume. */
    @Override
    public Checkpoint checkpoint() {
        return new Checkpoint(new ArrayList<>(durable.values()));
    }

    /** The offset the target holds for one partition, if any. */
    public Optional<Map<String, Object>> offset(Map<String, ?> partition) {
        return Optional.ofNullable(durable.get(partition)).map(Checkpoint.Entry::offset);
    }

    @Override
    public long durableEvents() {
        return eventsDurable;
    }

    @Override
    public long discardedEvents() {
        return eventsDiscarded;
    }
}
