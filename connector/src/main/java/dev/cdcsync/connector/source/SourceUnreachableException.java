package dev.cdcsync.connector.source;

import java.sql.SQLException;

/**
 * The source server could not be reached right now (restarting, or the network is down), as opposed to
 * refusing what cdc-sync asked: the daemon retries the start-up checks that throw it.
 */
public final class SourceUnreachableException extends RuntimeException {

    public SourceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** SQLSTATE class 08 (connection exception) and the server's own shutdown/startup states (57P01-57P03). */
    static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57P");
    }

    /**
     * What a failed check at the source means: the server could not be reached (retried), or it refused
     * ({@code refusal}, a message that already says what failed and how to fix it).
     *
     * @param server {@code host:port}
     */
    static RuntimeException unreachableOr(SQLException e, String server, String refusal) {
        if (isUnreachable(e)) {
            return new SourceUnreachableException("source " + server + " unreachable: " + e.getMessage(), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) { // invalid authorization: the driver's message names the user
            return new IllegalStateException("source " + server + " refused the login: " + e.getMessage()
                    + "; check source.user and source.password (and that the role may log in)", e);
        }
        if (state.equals("3D000") || e.getErrorCode() == 1049) { // PostgreSQL's and MySQL's unknown database
            return new IllegalStateException("source " + server + ": " + e.getMessage() + "; check source.database", e);
        }
        return new IllegalStateException(refusal, e);
    }

    /**
     * Whether a connector failure came from not reaching the source server (Debezium marks those retriable). A
     * connection lost while the connector validates its config arrives as a message only, so the drivers' wording is
     * matched too. A {@link dev.cdcsync.core.spi.WriteException} anywhere in the chain means the target failed, after
     * the pipeline's own retries: never the source, whatever connection error lies beneath it.
     */
    static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.cdcsync.core.spi.WriteException) {
                return false;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SourceUnreachableException || t instanceof org.apache.kafka.connect.errors.RetriableException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketException || t instanceof java.io.EOFException
                    || t instanceof SQLException sql && isUnreachable(sql)) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (UNREACHABLE_WORDING.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.List<String> UNREACHABLE_WORDING = java.util.List.of("The connection attempt failed",
            "Connection refused", "Connection reset", "Communications link failure", "Socket fail to connect");
}
