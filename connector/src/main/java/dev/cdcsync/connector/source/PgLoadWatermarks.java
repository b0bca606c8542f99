package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where each table's load can resume, as chunks read on several connections finish out of order: the first chunk of
 * the table not yet read. A chunk read behind one still being read is read again after a crash; that is the price
 * of keeping one number per table in the checkpoint.
 */
final class PgLoadWatermarks {

    /** Per table, its chunks not yet behind the watermark, in block order. */
    private final Map<TableId, Deque<PgLoadChunk>> pending = new HashMap<>();
    private final boolean[] read;

    PgLoadWatermarks(List<PgLoadChunk> chunks) {
        read = new boolean[chunks.size()];
        for (PgLoadChunk chunk : chunks) {
            pending.computeIfAbsent(chunk.table().schema().id(), t -> new ArrayDeque<>()).addLast(chunk);
        }
    }

    /**
     * Marks the chunk read (its rows handed to the pipeline).
     *
     * @return the table's new next block ({@link PgLoadProgress#DONE}: loaded whole) if the watermark moved
     */
    OptionalLong read(PgLoadChunk chunk) {
        read[chunk.index()] = true;
        Deque<PgLoadChunk> left = pending.get(chunk.table().schema().id());
        PgLoadChunk passed = null;
        while (!left.isEmpty() && read[left.peekFirst().index()]) {
            passed = left.pollFirst();
        }
        return passed == null ? OptionalLong.empty() : OptionalLong.of(passed.next());
    }
}
