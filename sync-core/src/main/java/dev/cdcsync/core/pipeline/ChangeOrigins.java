package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.DataChange;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event each change not yet durable came from, so that a row the target refuses can be reported as the record
 * that carried it. Kept only when the pipeline has {@link DeadLetters}; forgotten as batches become durable.
 * Changes are named by target table and stable id (the two halves of a routed key move share their event).
 */
final class ChangeOrigins {

    private record Held(long event, String id, SourceEvent origin) {
    }

    /** The latest event per change (a change delivered again after a restart replaces the earlier one). */
    private final Map<String, Held> byChange = new HashMap<>();
    private final ArrayDeque<Held> order = new ArrayDeque<>();

    /** @param event the event's number, counted from the first handed over (as {@link DurableOffsets} counts) */
    void add(long event, DataChange change, SourceEvent origin) {
        Held held = new Held(event, id(change), origin);
        byChange.put(held.id(), held);
        order.add(held);
    }

    Optional<SourceEvent> of(DataChange change) {
        return Optional.ofNullable(byChange.get(id(change))).map(Held::origin);
    }

    /** The first {@code events} events are durable (or discarded): their changes will not be refused any more. */
    void settledUpTo(long events) {
        while (!order.isEmpty() && order.peekFirst().event() <= events) {
            Held settled = order.removeFirst();
            byChange.remove(settled.id(), settled);
        }
    }

    private static String id(DataChange change) {
        return change.table() + "\u0000" + change.position().changeId();
    }
}
