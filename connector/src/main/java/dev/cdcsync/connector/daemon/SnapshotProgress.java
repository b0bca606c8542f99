package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.model.DataChange.Op;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a pipeline's snapshot progress at a calm pace: every {@value #EVERY_MS} ms while it runs, one line per table
 * that moved (rows, the catalog's estimate, rate, time left), and one line when it is done.
 */
final class SnapshotProgress {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgress.class);
    static final long EVERY_MS = 30_000;

    private final String pipeline;
    private final Map<String, Long> rowsAtLastLine = new HashMap<>();
    private final long startedAt = System.currentTimeMillis();
    private long lastLineAt = startedAt;
    private boolean done;

    SnapshotProgress(String pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Called every few seconds with the pipeline's state and its tables' figures. The end is timed by the last commit of
     * snapshot rows, not by this call, so a load shorter than the calls' interval is not reported as taking that long.
     */
    void observe(RunningPipeline.State state, Map<?, TableMeters> tables) {
        long now = System.currentTimeMillis();
        if (state == RunningPipeline.State.SNAPSHOT) {
            if (now - lastLineAt >= EVERY_MS) {
                tables.values().forEach(t -> line(t, now));
                lastLineAt = now;
            }
        } else if (!done && state == RunningPipeline.State.STREAMING) {
            done = true;
            long rows = tables.values().stream().mapToLong(t -> t.count(Op.READ)).sum();
            long endedAt = tables.values().stream().mapToLong(TableMeters::lastSnapshotRowsAtMs).max().orElse(-1);
            if (rows > 0) { // none: a restart that resumed streaming
                LOG.info("pipeline {}: snapshot done: {} rows in {} s; streaming", pipeline, rows,
                        String.format(Locale.ROOT, "%.1f", Math.max(0, endedAt - startedAt) / 1000.0));
            }
        }
    }

    private void line(TableMeters t, long now) {
        long rows = t.count(Op.READ);
        long before = rowsAtLastLine.getOrDefault(t.table().toString(), 0L);
        rowsAtLastLine.put(t.table().toString(), rows);
        if (rows == before) {
            return;
        }
        double rate = (rows - before) * 1000.0 / Math.max(1, now - lastLineAt);
        long estimate = t.estimatedRows();
        String of = estimate > 0 ? String.format(Locale.ROOT, " of ~%d (%d%%)", estimate, Math.min(100, 100 * rows / estimate)) : "";
        String eta = estimate > rows && rate > 0 ? String.format(Locale.ROOT, ", about %d s left", (long) ((estimate - rows) / rate)) : "";
        LOG.info("pipeline {}: snapshot of {}: {} rows{}, {} rows/s{}", pipeline, t.table(), rows, of, Math.round(rate), eta);
    }
}
