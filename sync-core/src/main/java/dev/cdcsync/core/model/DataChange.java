package dev.cdcsync.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One row change. Rows are maps from column name to a normalized Java value (see
 * {@code dev.cdcsync.core.decode.ValueNormalizer}); a column that is <em>absent</em> from {@link #after}
 * was not sent by the source (an unchanged TOASTed value) and must be left as it is in the target,
 * while a column present with a null value is SQL NULL.
 *
 * @param op       what happened
 * @param table    the target table this change applies to
 * @param key      primary-key values, or null for a table without a primary key (and for truncates)
 * @param before   the old row when the source sent one, else null
 * @param after    the new row for reads, inserts and updates, else null
 * @param position where in the source log this change sits, with the change's version and stable id
 * @param movedFrom for the upsert that a primary-key change produces, the row's old key (else null). When the
 *                  source left columns out of it (unchanged TOAST values), their values are the old row's: the
 *                  buffer fills them in when it holds the old row, else the writer must take them from the target's
 *                  row under the old key before it deletes that row (or stop, naming the row, if it has none).
 *
 * <h2>Version and identity</h2>
 * Every change carries a {@link ChangeVersion} that strictly grows per row along the source's order, and a stable
 * {@linkplain #id() id} that is the same when the source delivers the change again after a restart. Targets without
 * transactions rely on them (last-write-wins timestamps; the document id of a row of a table without a key). Both
 * come from the Debezium {@code source} block, so the daemon and a Kafka Connect sink derive the same ones:
 * <ul>
 *   <li><b>PostgreSQL</b>, streamed: (commit LSN of the transaction streamed before this one, this change's LSN)
 *       ({@code source.sequence}). Transactions stream in commit order, so the first part grows from one transaction
 *       to the next (a change's own LSN does not: a transaction that began earlier may commit later); inside one
 *       transaction the change LSNs grow. Snapshot rows: (0, 0), below every streamed change, since a snapshot
 *       replaces the table's content first. Id: {@code pg:<major>/<minor>}.</li>
 *   <li><b>MySQL/MariaDB</b>, streamed: (binlog file number &lt;&lt; 40 | position where the transaction began,
 *       (events &lt;&lt; 24 | rows) + 1), events and rows being what the record's source offset counts since the
 *       transaction began ({@code event}, {@code row}; checked on MariaDB 11.4: every row of one transaction has the
 *       same {@code source.pos}). Snapshot rows: (snapshot position, 0). A Kafka record carries no source offset, so
 *       there the rows of one transaction tie on the position (a sink adds its Kafka offset). A server whose binlog
 *       numbering restarts ({@code RESET MASTER}) breaks the order; cdc-sync's resume check then asks for a new
 *       snapshot. Id: {@code binlog=<file>:<pos> event <e> row <r>}, {@code snapshot binlog=...} for snapshot rows.</li>
 *   <li>The version's {@linkplain ChangeVersion#stamp() stamp}, one number per change for last-write-wins stores: the
 *       change's LSN for PostgreSQL, packed file, position and event for a binlog (limits on the factories).</li>
 *   <li>Rows that share one position (the rows of a snapshot, of a multi-row insert) get {@code #n} appended to the
 *       id, n counting them from 0 in delivery order; the source delivers them in the same order again.</li>
 * </ul>
 */
public record DataChange(Op op, TableId table, RowKey key, Map<String, Object> before,
                         Map<String, Object> after, SourcePosition position, RowKey movedFrom) {

    public enum Op {
        /** A row read by the initial snapshot. */
        READ,
        INSERT, UPDATE, DELETE,
        /** Every row of the table removed. */
        TRUNCATE;

        public boolean isUpsert() {
            return this == READ || this == INSERT || this == UPDATE;
        }
    }

    public DataChange(Op op, TableId table, RowKey key, Map<String, Object> before, Map<String, Object> after,
                      SourcePosition position) {
        this(op, table, key, before, after, position, null);
    }

    public DataChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(position, "position");
        if (op.isUpsert() && after == null) {
            throw new IllegalArgumentException(op + " without an after row for " + table);
        }
    }

    /** See the class comment: grows per row along the source's order. */
    public ChangeVersion version() {
        return position.version();
    }

    /** See the class comment: the same for this change whenever the source delivers it. */
    public String id() {
        return position.changeId();
    }

    public DataChange withAfter(Map<String, Object> newAfter) {
        return new DataChange(op, table, key, before, newAfter, position, movedFrom);
    }

    public DataChange withTable(TableId newTable) {
        return new DataChange(op, newTable, key, before, after, position, movedFrom);
    }

    /** The same change with its rows replaced (e.g. columns the target does not have left out). */
    public DataChange withRows(Map<String, Object> newBefore, Map<String, Object> newAfter) {
        return new DataChange(op, table, key, newBefore, newAfter, position, movedFrom);
    }

    /** The same upsert, no longer waiting for values of its old row. */
    public DataChange settled() {
        return new DataChange(op, table, key, before, after, position, null);
    }

    /** Table, key and position: what an operator needs to find the row. */
    public String describe() {
        return "table " + table + ", key " + (key == null ? "(none)" : key) + ", position " + position;
    }
}
