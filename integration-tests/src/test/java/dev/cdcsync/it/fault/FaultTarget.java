package dev.cdcsync.it.fault;

import dev.cdcsync.it.harness.TableRows;

/** The target side of a fault-injection run: a server the suite can restart, and its YAML. */
interface FaultTarget extends AutoCloseable {

    /** The server's own port (the suite puts a {@link dev.cdcsync.it.harness.TcpProxy} in front of it). */
    int port();

    /** The {@code target:} section (indented for a pipeline list item), reaching the server via {@code port}. */
    String yaml(int port);

    /** Whether the target keeps tables without a key (else the suite keys the workload's key-less table by a route). */
    default boolean keylessTables() {
        return true;
    }

    /** Stops the server, waits {@code downMillis}, starts it again on the same address and data. */
    void restart(long downMillis) throws Exception;

    /** The table's rows as text, comparable with the source's; throws while the table does not exist. */
    TableRows rows(String table) throws Exception;

    /** The table's row count, or -1 while it does not exist or the server is unreachable. */
    long count(String table);

    /** Whether the target's table has this column (so a schema change has been applied). */
    boolean hasColumn(String table, String column);

    /**
     * Holds back schema changes of {@code table} at the target (a lock), so that the daemon can be killed while one
     * is in flight; closing lets them go. A target without schema changes returns null.
     */
    default AutoCloseable holdSchemaChanges(String table) throws Exception {
        return null;
    }

    /** Whether a schema change of {@code table} is waiting on {@link #holdSchemaChanges}. */
    default boolean schemaChangeWaiting(String table) {
        return false;
    }

    @Override
    void close();
}
