package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.TableId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;

/** One target table's counters: changes applied by operation (snapshot rows are {@code read}), and the estimate. */
final class TableMeters {

    private final TableId table;
    private final Map<DataChange.Op, Counter> applied = new EnumMap<>(DataChange.Op.class);
    volatile long estimatedRows = -1;
    /** Source commit to target commit of this table's newest change in the last batch that streamed some, or -1. */
    volatile long lastLagMs = -1;
    /** When the last batch holding snapshot rows of this table committed, or -1. */
    volatile long lastSnapshotRowsAtMs = -1;

    TableMeters(MeterRegistry registry, Tags tags, TableId table) {
        this.table = table;
        for (DataChange.Op op : DataChange.Op.values()) {
            applied.put(op, Counter.builder("cdc_sync_changes_applied").description("changes committed in the target,"
                    + " by operation (read: snapshot rows)").tags(tags.and("op", op.name().toLowerCase())).register(registry));
        }
        registry.gauge("cdc_sync_snapshot_rows_estimated", tags, this, m -> m.estimatedRows < 0 ? Double.NaN : m.estimatedRows);
    }

    Counter applied(DataChange.Op op) {
        return applied.get(op);
    }

    long count(DataChange.Op op) {
        return (long) applied.get(op).count();
    }

    TableId table() {
        return table;
    }

    long estimatedRows() {
        return estimatedRows;
    }

    long lastLagMs() {
        return lastLagMs;
    }

    long lastSnapshotRowsAtMs() {
        return lastSnapshotRowsAtMs;
    }
}
