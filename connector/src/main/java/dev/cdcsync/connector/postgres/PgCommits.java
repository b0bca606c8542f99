package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a batch's transaction so that a retry cannot apply it twice. A COMMIT whose answer is lost
 * (the connection broke after it was sent) may or may not have landed; writing the batch again would
 * add its key-less rows a second time. The transaction's id is noted before COMMIT, and a retry of the
 * same batch first asks PostgreSQL what became of it ({@code txid_status}).
 */
final class PgCommits {

    private static final Logger LOG = LoggerFactory.getLogger(PgCommits.class);

    /** The batch whose COMMIT got no answer, and its transaction id. */
    private record InDoubt(WriteBatch batch, long xid) {
    }

    private InDoubt inDoubt;

    /** Whether an earlier attempt at this very batch committed, though its answer was lost. */
    boolean landedEarlier(Connection c, WriteBatch batch) throws SQLException {
        if (inDoubt == null || !inDoubt.batch().sameAs(batch)) {
            return false;
        }
        String status;
        try (PreparedStatement ps = c.prepareStatement("SELECT txid_status(?)")) {
            ps.setLong(1, inDoubt.xid());
            try (ResultSet rs = ps.executeQuery()) {
                status = rs.next() ? rs.getString(1) : null;
            }
        }
        c.commit();
        if ("in progress".equals(status)) { // the server has not finished it yet: ask again on the next retry
            throw new SQLException("the earlier commit of this batch is still in progress", "40001");
        }
        inDoubt = null;
        boolean landed = "committed".equals(status);
        LOG.info("the commit of the batch whose answer was lost {} ({})", landed ? "had landed: not written again"
                : "had not landed: written again", status);
        return landed;
    }

    /** Commits the transaction holding {@code batch}. */
    void commit(Connection c, WriteBatch batch) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT txid_current()")) {
            rs.next();
            inDoubt = new InDoubt(batch, rs.getLong(1));
        }
        c.commit();
        inDoubt = null;
    }
}
