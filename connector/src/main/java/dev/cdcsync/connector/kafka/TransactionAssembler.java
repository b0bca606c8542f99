package dev.cdcsync.connector.kafka;

import dev.cdcsync.core.decode.TransactionMarker;
import dev.cdcsync.core.pipeline.SourceEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole source transactions from Debezium's transaction-metadata topic. A transaction's change events arrive on
 * several topic partitions, interleaved in any order with each other and with its BEGIN and END records (on a topic
 * of one partition, in the source's commit order). This holds the events of a transaction until its END has come and
 * as many distinct events (by {@code total_order}) as the END counts, then hands the transaction over as BEGIN, its
 * events, END, transactions in the order of their END records. Records of each partition leave in offset order, so
 * the offsets the pipeline stores only move forward; events without a transaction (snapshot rows) go as they come.
 *
 * <p>Some events of a transaction may never come (a source connector that resent only part of one after a crash).
 * Rather than hold every later transaction, the oldest one is handed over as it stands, with a warning, once more
 * than {@code maxHeld} events wait or the oldest record has waited {@code maxWait}. Not thread-safe: the task's thread.
 */
final class TransactionAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionAssembler.class);
    /** Transactions handed over, remembered so that a copy of one the source sends again is not held for ever. */
    private static final int REMEMBERED = 10_000;

    /** A change event; {@code tx} null when it belongs to no transaction. */
    private record Held(SinkRecord record, String tx, long order, long arrived) {
    }

    /** A record of the transaction topic. */
    private record Boundary(SinkRecord record, TransactionMarker marker, String tx, long events, long arrived) {
    }

    private final String pipeline;
    private final String topic;
    private final int maxHeld;
    private final long maxWaitNanos;
    private final Map<TopicPartition, ArrayDeque<Held>> partitions = new LinkedHashMap<>();
    private final ArrayDeque<Boundary> boundaries = new ArrayDeque<>();
    /** Per held transaction: the distinct {@code total_order}s seen, and how many events are held. */
    private final Map<String, BitSet> distinct = new HashMap<>();
    private final Map<String, Integer> heldOf = new HashMap<>();
    private final Set<String> handedOver = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private int held;

    TransactionAssembler(String pipeline, String topic, int maxHeld, Duration maxWait) {
        this.pipeline = pipeline;
        this.topic = topic;
        this.maxHeld = maxHeld;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Takes the records of one poll; returns the events the pipeline may have now, in order. */
    List<SourceEvent> accept(Collection<SinkRecord> records, long nowNanos) {
        for (SinkRecord r : records) {
            if (r.topic().equals(topic)) {
                boundaries.add(boundary(r, nowNanos));
            } else {
                hold(r, nowNanos);
            }
        }
        List<SourceEvent> out = new ArrayList<>(records.size());
        while (true) {
            releaseFree(out);
            if (!releaseHeadTransaction(out) && !giveUpOnOldest(out, nowNanos)) {
                return out;
            }
        }
    }

    /** Milliseconds until the oldest record held has waited {@code maxWait} (call again by then), or 0 if none is. */
    long dueInMs(long nowNanos) {
        long oldest = oldestArrival();
        return oldest == Long.MAX_VALUE ? 0 : Math.max(1, (oldest + maxWaitNanos - nowNanos) / 1_000_000);
    }

    /**
     * Forgets everything held (partitions revoked, or the task reads again from the target's offsets).
     *
     * @return per partition, the offset of its first record held: where reading must go back to
     */
    Map<TopicPartition, Long> drop() {
        Map<TopicPartition, Long> firstHeld = new HashMap<>();
        partitions.forEach((tp, queue) -> {
            if (!queue.isEmpty()) {
                firstHeld.put(tp, queue.peekFirst().record().kafkaOffset());
            }
        });
        if (!boundaries.isEmpty()) {
            SinkRecord first = boundaries.peekFirst().record();
            firstHeld.put(new TopicPartition(first.topic(), first.kafkaPartition()), first.kafkaOffset());
        }
        partitions.clear();
        boundaries.clear();
        distinct.clear();
        heldOf.clear();
        held = 0;
        return firstHeld;
    }

    private Boundary boundary(SinkRecord r, long now) {
        if (r.kafkaPartition() != 0) {
            throw new ConnectException("cdc-sync pipeline " + pipeline + ": the transaction topic " + topic
                    + " has more than one partition (a record came on partition " + r.kafkaPartition() + "): the order of"
                    + " source transactions is lost; Debezium creates it with one");
        }
        TransactionMarker marker = TransactionMarker.of(r).orElseThrow(() -> new ConnectException("cdc-sync pipeline "
                + pipeline + ": the record at offset " + r.kafkaOffset() + " of " + topic + " is not one of Debezium's"
                + " transaction BEGIN or END records (transactions.topic names the wrong topic?)"));
        Struct value = (Struct) r.value();
        Long events = marker == TransactionMarker.END ? value.getInt64("event_count") : null;
        return new Boundary(r, marker, transaction(value.getString("id")), events == null ? 0 : events, now);
    }

    private void hold(SinkRecord r, long now) {
        Struct tx = r.value() instanceof Struct s && s.schema().field("transaction") != null ? s.getStruct("transaction") : null;
        String id = tx == null ? null : transaction(tx.getString("id"));
        long order = tx == null ? 0 : tx.getInt64("total_order");
        partitions.computeIfAbsent(new TopicPartition(r.topic(), r.kafkaPartition()), tp -> new ArrayDeque<>())
                .add(new Held(r, id, order, now));
        held++;
        if (id != null) {
            distinct.computeIfAbsent(id, k -> new BitSet()).set((int) Math.min(order, Integer.MAX_VALUE));
            heldOf.merge(id, 1, Integer::sum);
        }
    }

    /**
     * What names a transaction in its id. Debezium's PostgreSQL connector writes {@code <xid>:<LSN>}, with the LSN
     * of the record at hand (each event, the BEGIN and the END have different ones), so the xid alone names it; other
     * connectors' ids (MySQL GTIDs {@code <uuid>:<n>}, MariaDB's {@code <domain>-<server>-<n>}) are used whole.
     */
    static String transaction(String id) {
        int colon = id.indexOf(':');
        if (colon > 0 && colon < id.length() - 1 && digits(id, 0, colon) && digits(id, colon + 1, id.length())) {
            return id.substring(0, colon);
        }
        return id;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** An event that waits for no transaction: none, or one already handed over (a copy the source sent again). */
    private boolean free(Held h) {
        return h.tx() == null || handedOver.contains(h.tx());
    }

    private void releaseFree(List<SourceEvent> out) {
        for (ArrayDeque<Held> queue : partitions.values()) {
            while (!queue.isEmpty() && free(queue.peekFirst())) {
                out.add(change(take(queue)));
            }
        }
    }

    /** Hands over the transaction at the head of the transaction topic if it is whole; returns whether anything went. */
    private boolean releaseHeadTransaction(List<SourceEvent> out) {
        Boundary head = boundaries.peekFirst();
        if (head == null) {
            return false;
        }
        if (handedOver.contains(head.tx())) {
            out.add(change(boundaries.removeFirst().record())); // a copy of a boundary: it only moves the offset
            return true;
        }
        Boundary end = endOf(head.tx());
        if (end == null || seen(head.tx()) < end.events()
                || !allReachable(head.tx())) {
            return false;
        }
        String tx = head.tx();
        out.add(head.marker() == TransactionMarker.BEGIN ? marker(boundaries.removeFirst().record(), SourceEvent.Role.TRANSACTION_BEGIN)
                : new SourceEvent(null, null, null, SourceEvent.Role.TRANSACTION_BEGIN));
        for (ArrayDeque<Held> queue : partitions.values()) {
            while (!queue.isEmpty() && (tx.equals(queue.peekFirst().tx()) || free(queue.peekFirst()))) {
                out.add(change(take(queue)));
            }
        }
        while (boundaries.peekFirst() != end) {
            out.add(change(boundaries.removeFirst().record())); // a BEGIN sent again: only its offset counts
        }
        out.add(marker(boundaries.removeFirst().record(), SourceEvent.Role.TRANSACTION_END));
        forget(tx);
        return true;
    }

    /** The first END record held, if it ends {@code tx}: transactions go in the order their ENDs came. */
    private Boundary endOf(String tx) {
        for (Boundary b : boundaries) {
            if (b.marker() == TransactionMarker.END) {
                return b.tx().equals(tx) ? b : null;
            }
        }
        return null;
    }

    /** Whether every held event of {@code tx} can leave now: none is behind an event of a transaction still held. */
    private boolean allReachable(String tx) {
        int reachable = 0;
        for (ArrayDeque<Held> queue : partitions.values()) {
            for (Held h : queue) {
                if (tx.equals(h.tx())) {
                    reachable++;
                } else if (!free(h)) {
                    break;
                }
            }
        }
        return reachable == heldOf.getOrDefault(tx, 0);
    }

    /**
     * Past a bound (too many events held, or the oldest waited too long), hands the oldest transaction over as it
     * stands, its events in their partitions' order without boundaries: a reader may see it half applied.
     */
    private boolean giveUpOnOldest(List<SourceEvent> out, long now) {
        long oldest = oldestArrival();
        if (oldest == Long.MAX_VALUE || (held <= maxHeld && now - oldest < maxWaitNanos)) {
            return false;
        }
        String tx = oldestWaiting();
        Boundary end = endOf(tx);
        LOG.warn("pipeline {}: source transaction {}: {} of {} events came {}; applying it as it stands (a reader of the"
                        + " target may see it half applied)", pipeline, tx, seen(tx),
                end == null ? "?" : String.valueOf(end.events()),
                held > maxHeld ? "while " + held + " events wait (over batch.max-transaction-rows)"
                        : "within transactions.max-wait");
        forget(tx);
        while (!boundaries.isEmpty() && boundaries.peekFirst().tx().equals(tx)) {
            out.add(change(boundaries.removeFirst().record()));
        }
        return true;
    }

    /**
     * The transaction everything else waits for: the next one to end, unless an event of another that is still held
     * stands before its events in a partition (that one, then); with no boundary read, the oldest event's.
     */
    private String oldestWaiting() {
        Boundary head = boundaries.peekFirst();
        if (head == null) {
            return oldestHeld().tx();
        }
        for (ArrayDeque<Held> queue : partitions.values()) {
            String blocking = null;
            for (Held h : queue) {
                if (head.tx().equals(h.tx())) {
                    if (blocking != null) {
                        return blocking;
                    }
                } else if (blocking == null && !free(h)) {
                    blocking = h.tx();
                }
            }
        }
        return head.tx();
    }

    /** How many distinct events of {@code tx} have come. */
    private int seen(String tx) {
        BitSet orders = distinct.get(tx);
        return orders == null ? 0 : orders.cardinality();
    }

    private void forget(String tx) {
        handedOver.add(tx);
        distinct.remove(tx);
        heldOf.remove(tx);
    }

    private long oldestArrival() {
        long oldest = boundaries.isEmpty() ? Long.MAX_VALUE : boundaries.peekFirst().arrived();
        Held h = oldestHeld();
        return h == null ? oldest : Math.min(oldest, h.arrived());
    }

    private Held oldestHeld() {
        Held oldest = null;
        for (ArrayDeque<Held> queue : partitions.values()) {
            Held h = queue.peekFirst();
            if (h != null && (oldest == null || h.arrived() < oldest.arrived())) {
                oldest = h;
            }
        }
        return oldest;
    }

    private SinkRecord take(ArrayDeque<Held> queue) {
        Held h = queue.removeFirst();
        held--;
        if (h.tx() != null) {
            heldOf.computeIfPresent(h.tx(), (k, n) -> n == 1 ? null : n - 1);
        }
        return h.record();
    }

    static SourceEvent change(SinkRecord r) {
        return SourceEvent.change(r, CdcSyncSinkTask.partition(r.topic(), r.kafkaPartition()), Map.of("offset", r.kafkaOffset()));
    }

    private static SourceEvent marker(SinkRecord r, SourceEvent.Role role) {
        return new SourceEvent(r, CdcSyncSinkTask.partition(r.topic(), r.kafkaPartition()), Map.of("offset", r.kafkaOffset()), role);
    }
}
