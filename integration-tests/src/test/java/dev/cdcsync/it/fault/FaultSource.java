package dev.cdcsync.it.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The source side of a fault-injection run: its own database on a real server, and its YAML. */
interface FaultSource {

    Connection connect() throws SQLException;

    /** The {@code source:} section (indented for a pipeline list item) capturing these unqualified tables. */
    String yaml(List<String> tables);

    /** Restarts the source server, if this source can; returns whether it did. */
    default boolean restart() throws Exception {
        return false;
    }
}
