package dev.cdcsync.core.testkit;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.OffsetStore;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import dev.cdcsync.core.spi.WriterCapabilities;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The reference target for core tests: non-transactional, and asynchronous under the test's control (a batch is
 * applied when the test completes it, in any order), resolving writes per row by {@link ChangeVersion} as a
 * last-write-wins store does (a replayed older change never overwrites a newer one). Rows of a table without a key
 * are stored under the change's stable id. Checkpoints are kept per (pipeline, partition), merged.
 */
public final class InMemoryWriter implements TargetWriter {

    /** A stored row and the version that wrote it; a delete leaves a row of null with its version. */
    public record Stored(Map<String, Object> row, ChangeVersion version) {
    }

    private final WriterCapabilities capabilities;
    private final boolean completeAtOnce;
    private final Map<TableId, TableSchema> tables = new HashMap<>();
    private final Map<TableId, Map<Object, Stored>> rows = new HashMap<>();
    private final Map<String, Checkpoint> checkpoints = new HashMap<>();
    private final Deque<Runnable> outstanding = new ArrayDeque<>();
    public final List<WriteBatch> batches = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    public final Deque<RuntimeException> failures = new ArrayDeque<>();

    /** @param completeAtOnce complete each batch as it is written (else the test calls {@link #complete}) */
    public InMemoryWriter(WriterCapabilities capabilities, boolean completeAtOnce) {
        this.capabilities = capabilities;
        this.completeAtOnce = completeAtOnce;
    }

    /** Asynchronous, up to 4 batches in flight, refusing tables without a key. */
    public static InMemoryWriter asynchronous() {
        return new InMemoryWriter(new WriterCapabilities(false, 4, WriterCapabilities.KeylessTables.REFUSED), false);
    }

    @Override
    public WriterCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public Optional<TableSchema> describe(TableId table) {
        return Optional.ofNullable(tables.get(table));
    }

    @Override
    public void apply(SchemaChange change) {
        tables.put(change.table(), change.applyTo(tables.get(change.table())));
        log.add(change.tag() + " " + change.table());
    }

    @Override
    public CompletionStage<Void> write(WriteBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RuntimeException failure = failures.poll();
        Runnable completion = () -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            batch.tables().forEach(this::apply);
            if (capabilities.transactional()) {
                save(batch.pipeline(), batch.checkpoint());
            }
            batches.add(batch);
            log.add("write " + batch.rows() + " rows");
            done.complete(null);
        };
        if (completeAtOnce) {
            completion.run();
        } else {
            outstanding.add(completion);
        }
        return done;
    }

    /** Completes the oldest outstanding batch ({@code newestFirst}: the newest), as a target that acknowledges late would. */
    public void complete(boolean newestFirst) {
        Runnable next = newestFirst ? outstanding.pollLast() : outstanding.pollFirst();
        if (next == null) {
            throw new IllegalStateException("no batch outstanding");
        }
        next.run();
    }

    public int outstanding() {
        return outstanding.size();
    }

    private void apply(TableBatch batch) {
        Map<Object, Stored> table = rows.computeIfAbsent(batch.schema().id(), t -> new LinkedHashMap<>());
        if (batch.clearsFirst()) {
            table.clear();
        }
        List<DataChange> all = new ArrayList<>(batch.deletes());
        all.addAll(batch.upserts());
        all.addAll(batch.unkeyed());
        for (DataChange c : all) {
            Object id = c.key() != null ? c.key() : c.id();
            Stored old = table.get(id);
            if (old != null && !c.version().isAfter(old.version())) {
                continue; // last write wins: a replayed older change changes nothing
            }
            Map<String, Object> row = null;
            if (c.op() != DataChange.Op.DELETE) { // a column absent from the change keeps the stored value
                row = new LinkedHashMap<>(old == null || old.row() == null ? Map.of() : old.row());
                row.putAll(c.after());
            }
            table.put(id, new Stored(row, c.version()));
        }
    }

    /** The live rows of a table: id (key or change id) -> row. */
    public Map<Object, Map<String, Object>> rows(TableId table) {
        Map<Object, Map<String, Object>> out = new LinkedHashMap<>();
        rows.getOrDefault(table, Map.of()).forEach((id, s) -> {
            if (s.row() != null) {
                out.put(id, s.row());
            }
        });
        return out;
    }

    public Map<Object, Stored> stored(TableId table) {
        return rows.getOrDefault(table, Map.of());
    }

    @Override
    public OffsetStore offsets() {
        return new OffsetStore() {
            @Override
            public Checkpoint load(String pipeline) {
                return checkpoints.getOrDefault(pipeline, Checkpoint.EMPTY);
            }

            @Override
            public void save(String pipeline, Checkpoint checkpoint) {
                InMemoryWriter.this.save(pipeline, checkpoint);
            }
        };
    }

    private void save(String pipeline, Checkpoint checkpoint) {
        checkpoints.merge(pipeline, checkpoint, Checkpoint::mergedWith);
        log.add("checkpoint " + checkpoint.entries().stream().map(e -> e.offset().get("lsn")).toList());
    }

    /** A transient failure for the next write. */
    public void failNextWrite() {
        failures.add(new WriteException("target unreachable", true, null));
    }

    @Override
    public void close() {
    }
}
