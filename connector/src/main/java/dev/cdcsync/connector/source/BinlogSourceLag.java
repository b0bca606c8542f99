package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A binlog server's position against the checkpoint (bytes of binlog past it), and the catalog's row estimates. */
final class BinlogSourceLag {

    private record Binlog(String name, long size) {
    }

    private BinlogSourceLag() {
    }

    static SourceLag of(BinlogSource source, Checkpoint checkpoint) throws SQLException {
        List<Binlog> logs = new ArrayList<>();
        try (Connection c = source.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                logs.add(new Binlog(rs.getString(1), rs.getLong(2)));
            }
        }
        if (logs.isEmpty()) {
            return SourceLag.unknown("no binlog");
        }
        Binlog last = logs.get(logs.size() - 1);
        String current = "binlog=" + last.name() + ":" + last.size();
        Map<String, Object> offset = checkpoint.entries().isEmpty() ? Map.of() : checkpoint.entries().get(0).offset();
        Object file = offset.get("file");
        Object pos = offset.get("pos");
        if (file == null || !(pos instanceof Number p)) {
            return new SourceLag(current, -1, -1);
        }
        long behind = -1;
        for (Binlog log : logs) { // the rest of the checkpoint's file, then every later file whole
            if (log.name().equals(file)) {
                behind = Math.max(0, log.size() - p.longValue());
            } else if (behind >= 0) {
                behind += log.size();
            }
        }
        return new SourceLag(current, behind, behind);
    }

    static Map<TableId, Long> estimatedRows(BinlogSource source, List<TableId> tables) throws SQLException {
        Map<TableId, Long> out = new LinkedHashMap<>();
        try (Connection c = source.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            for (TableId t : tables) {
                st.setString(1, t.namespace());
                st.setString(2, t.name());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        out.put(t, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }
}
