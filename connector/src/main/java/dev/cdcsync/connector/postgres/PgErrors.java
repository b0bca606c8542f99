package dev.cdcsync.connector.postgres;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What a PostgreSQL error means for a pipeline: worth retrying (the server is restarting or
 * unreachable, a conflict), or a stop with the fix an operator needs. SQLSTATE classes per the
 * PostgreSQL manual, Appendix A.
 */
final class PgErrors {

    private PgErrors() {
    }

    static boolean isTransient(SQLException e) {
        String state = state(e);
        return state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01")
                || state.equals("53300") || state.equals("55P03");
    }

    /**
     * An error about the target as a whole (not one row), with what to do about it; empty if it may be a row's fault.
     *
     * @param where the server, database and user, without secrets
     */
    static Optional<String> targetProblem(SQLException e, String user, String where) {
        String state = state(e);
        if (state.startsWith("28")) {
            return Optional.of(where + " refused the login of user " + user + " (" + state + ", " + e.getMessage()
                    + "): check target.user and target.password, and that the user may log in (LOGIN, pg_hba.conf)");
        }
        if (state.equals("3D000")) {
            return Optional.of(where + " has no such database (" + e.getMessage() + "): check the database named in"
                    + " target.url");
        }
        if (state.equals("42501")) {
            return Optional.of("user " + user + " lacks a privilege at the target (" + e.getMessage() + "): grant CREATE on"
                    + " the schema and SELECT, INSERT, UPDATE, DELETE, TRUNCATE on its tables; restart the pipeline and it"
                    + " resumes from its checkpoint");
        }
        if (state.startsWith("53")) {
            return Optional.of("the target is out of resources (" + state + ", " + e.getMessage() + "): free disk space or"
                    + " memory; restart the pipeline and it resumes from its checkpoint");
        }
        if (state.equals("25006")) {
            return Optional.of("the target accepts no writes (" + e.getMessage() + "): point the url at the primary");
        }
        return Optional.empty();
    }

    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
