package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a MySQL or MariaDB connector resumes: is the binlog file the checkpoint points into still on
 * the server? If it was purged, the changes since the checkpoint are gone: the pipeline stops and says
 * how to resync, or with {@code snapshot: when_needed} starts over with a snapshot.
 */
final class BinlogResumeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(BinlogResumeCheck.class);

    private BinlogResumeCheck() {
    }

    static Optional<Checkpoint> verify(BinlogSource source, String pipeline, Optional<Checkpoint> committed) {
        Optional<String> file = committed.filter(c -> !ResumeCheck.snapshotInProgress(c)) // a cut-short snapshot starts again
                .flatMap(c -> c.entries().stream().findFirst()).map(e -> e.offset().get("file")).filter(f -> f != null)
                .map(String::valueOf);
        if (file.isEmpty() || binlogs(source).contains(file.get())) {
            return committed;
        }
        String lost = "binlog file " + file.get() + " that the checkpoint of pipeline '" + pipeline + "' resumes from is no"
                + " longer on " + source.host() + ":" + source.effectivePort() + " (purged): the changes since are gone";
        if (source.effectiveSnapshot().equals("when_needed")) {
            LOG.warn("{}. snapshot: when_needed, so the pipeline starts over with a snapshot that replaces each table's rows", lost);
            return Optional.empty();
        }
        throw new IllegalStateException(lost + ". To resynchronize the target, set source.snapshot: when_needed (a new"
                + " snapshot replaces each table's rows) and start again; keep binlogs longer (binlog_expire_logs_seconds)"
                + " than the pipeline may be stopped.");
    }

    private static Set<String> binlogs(BinlogSource source) {
        Set<String> names = new HashSet<>();
        try (Connection c = source.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw SourceUnreachableException.unreachableOr(e, source.host() + ":" + source.effectivePort(),
                    "cannot list the binlogs (SHOW BINARY LOGS): " + e.getMessage()
                            + "; grant REPLICATION CLIENT (MariaDB: BINLOG MONITOR)");
        }
    }
}
