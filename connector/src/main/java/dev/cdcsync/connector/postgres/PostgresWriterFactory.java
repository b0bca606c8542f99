package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.TargetWriterFactory;

/** {@code target.type: postgres}. */
public final class PostgresWriterFactory implements TargetWriterFactory {

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public Class<? extends TargetSettings> settingsType() {
        return PostgresTargetSettings.class;
    }

    /** Connects, then checks that the user may create tables in the schema (or the schema in the database). */
    @Override
    public java.util.List<String> problems(TargetSettings settings) {
        PostgresTargetSettings pg = (PostgresTargetSettings) settings;
        java.util.Properties props = pg.login();
        props.setProperty("loginTimeout", "10");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.url(), props);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT current_user, EXISTS (SELECT 1 FROM pg_namespace"
                     + " WHERE nspname = ?), CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)"
                     + " THEN has_schema_privilege(current_user, ?, 'CREATE')"
                     + " ELSE has_database_privilege(current_user, current_database(), 'CREATE') END")) {
            ps.setString(1, pg.schema());
            ps.setString(2, pg.schema());
            ps.setString(3, pg.schema());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(3)) {
                    return java.util.List.of();
                }
                String user = rs.getString(1);
                return java.util.List.of(rs.getBoolean(2)
                        ? "user " + user + " may not create tables in schema " + pg.schema() + " at " + pg.url()
                                + ": GRANT CREATE ON SCHEMA " + PgIdentifiers.quote(pg.schema()) + " TO " + user
                        : "schema " + pg.schema() + " does not exist at " + pg.url() + " and user " + user
                                + " may not create it: create it, or GRANT CREATE ON DATABASE to " + user);
            }
        } catch (java.sql.SQLException e) {
            return java.util.List.of("cannot connect to " + pg.url() + " as " + pg.user() + ": " + e.getMessage());
        }
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new PostgresWriter((PostgresTargetSettings) settings, pipeline);
    }
}
