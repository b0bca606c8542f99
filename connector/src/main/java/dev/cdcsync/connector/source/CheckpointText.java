package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.SourcePosition;
import java.util.Map;

/** A stored checkpoint in the source's words, for {@code status}: {@code lsn=0/1A2B3C}, {@code binlog=file:pos}. */
public final class CheckpointText {

    private CheckpointText() {
    }

    public static String of(Checkpoint stored) {
        Checkpoint checkpoint = PgLoadProgress.live(stored);
        if (checkpoint.isEmpty()) {
            return "none (the pipeline starts with a snapshot)";
        }
        Map<String, Object> offset = PgLoadProgress.streamEntry(checkpoint).orElseThrow().offset();
        String snapshot = Boolean.TRUE.equals(offset.get("snapshot")) || "true".equals(String.valueOf(offset.get("snapshot")))
                || PgLoadProgress.inProgress(checkpoint) ? " (snapshot in progress)" : "";
        if (offset.get("lsn") instanceof Number lsn) {
            return "lsn=" + SourcePosition.pgLsn(lsn.longValue()) + snapshot;
        }
        if (offset.get("file") != null) {
            return "binlog=" + offset.get("file") + ":" + offset.get("pos") + snapshot;
        }
        return offset.toString();
    }
}
