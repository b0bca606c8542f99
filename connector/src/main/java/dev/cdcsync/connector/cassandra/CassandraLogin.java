package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import java.util.List;

/** Tells a refused login from an unreachable cluster: the driver reports both as every node having failed. */
final class CassandraLogin {

    private CassandraLogin() {
    }

    /** Whether every node that was tried refused the credentials: retrying cannot help. */
    static boolean refused(Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return true;
        }
        if (cause instanceof AllNodesFailedException all && !all.getAllErrors().isEmpty()) {
            return all.getAllErrors().values().stream().flatMap(List::stream)
                    .allMatch(t -> t instanceof AuthenticationException);
        }
        return false;
    }
}
