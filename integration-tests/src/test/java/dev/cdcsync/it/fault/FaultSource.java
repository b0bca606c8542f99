package dev.cdcsync.it.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The source side of a fault-injection run: its own database on a real server, and its YAML. */
interface FaultSource {

    Connection connect() throws SQLException;

    /** The server's own port (the suite puts a {@link dev.cdcsync.it.harness.TcpProxy} in front of it). */
    int port();

    /** The {@code source:} section (indented for a pipeline list item) capturing these unqualified tables via {@code port}. */
    String yaml(List<String> tables, int port);

    /** The table's name as {@code source.tables} and routes name it. */
    String qualify(String table);

    /** This server's statement widening {@code orders.state} from varchar(10) to varchar(20). */
    String widenOrderStateSql();

    /** Restarts the source server (same port and data); may take a few seconds. */
    void restart() throws Exception;
}
