package dev.cdcsync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PgErrorsTest {

    private static final String WHERE = "PostgreSQL jdbc:postgresql://db:5432/shop as cdc, schema public";

    @Test
    void aRefusedLoginOrAMissingDatabaseIsATargetProblemNamingTheServerNotATransientFailure() {
        SQLException password = new SQLException("FATAL: password authentication failed for user \"cdc\"", "28P01");
        assertThat(PgErrors.isTransient(password)).isFalse();
        assertThat(PgErrors.targetProblem(password, "cdc", WHERE)).hasValueSatisfying(m -> assertThat(m)
                .startsWith(WHERE + " refused the login of user cdc (28P01").contains("target.password"));

        SQLException database = new SQLException("FATAL: database \"shop\" does not exist", "3D000");
        assertThat(PgErrors.isTransient(database)).isFalse();
        assertThat(PgErrors.targetProblem(database, "cdc", WHERE)).hasValueSatisfying(m -> assertThat(m)
                .startsWith(WHERE + " has no such database").contains("target.url"));

        assertThat(PgErrors.isTransient(new SQLException("Connection refused", "08001"))).isTrue();
    }
}
