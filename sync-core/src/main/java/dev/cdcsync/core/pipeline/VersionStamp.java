package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.ChangeVersion;
import dev.cdcsync.core.model.Checkpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The version of the last streamed change a target holds, stored in each entry of its checkpoint (key {@value #KEY}),
 * for a capture that feeds several targets: the source resumes from the oldest target's checkpoint, and each other
 * target skips the changes at or below its own stamp, so a replayed change is applied once per target. Versions
 * order streamed changes totally (see {@link dev.cdcsync.core.model.DataChange}). Never handed to the source.
 */
public final class VersionStamp {

    public static final String KEY = "cdc_sync_version";

    private VersionStamp() {
    }

    static Map<String, Object> stamped(Map<String, ?> offset, ChangeVersion version) {
        Map<String, Object> out = new LinkedHashMap<>(offset);
        out.put(KEY, version.major() + ":" + version.minor());
        return out;
    }

    /** The stamp of a checkpoint, empty when it has none (nothing streamed yet, or a single target). */
    public static Optional<ChangeVersion> of(Checkpoint checkpoint) {
        for (Checkpoint.Entry e : checkpoint.entries()) {
            Object stamp = e.offset().get(KEY);
            if (stamp != null) {
                String[] parts = stamp.toString().split(":");
                return Optional.of(new ChangeVersion(Long.parseLong(parts[0]), Long.parseLong(parts[1]), 0));
            }
        }
        return Optional.empty();
    }

    /** The checkpoint as the source knows it: without stamps. */
    public static Checkpoint strip(Checkpoint checkpoint) {
        List<Checkpoint.Entry> entries = new ArrayList<>();
        for (Checkpoint.Entry e : checkpoint.entries()) {
            if (!e.offset().containsKey(KEY)) {
                entries.add(e);
                continue;
            }
            Map<String, Object> offset = new LinkedHashMap<>(e.offset());
            offset.remove(KEY);
            entries.add(new Checkpoint.Entry(e.partition(), offset));
        }
        return new Checkpoint(entries);
    }
}
