package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.spi.TargetSettings;

/**
 * {@code target: {type: postgres, url, user, password, schema}}.
 *
 * @param url    a JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/shop}
 * @param schema where tables are created (default {@code public}); created if missing
 */
public record PostgresTargetSettings(String url, String user, Secret password, String schema) implements TargetSettings {

    public PostgresTargetSettings {
        Require.present(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("'url' must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        schema = schema == null ? "public" : schema;
        password = password == null ? new Secret("") : password;
    }

    /** The URL without its parameters (they may hold a password), the user and the schema. */
    @Override
    public String where() {
        int query = url.indexOf('?');
        return "PostgreSQL " + (query < 0 ? url : url.substring(0, query)) + " as " + user + ", schema " + schema;
    }

    @Override
    public String place() {
        int query = url.indexOf('?');
        return "PostgreSQL " + (query < 0 ? url : url.substring(0, query)) + ", schema " + schema;
    }

    /** The driver properties that log in as this user; callers add their own. */
    java.util.Properties login() {
        java.util.Properties props = new java.util.Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        props.setProperty("password", password.value());
        return props;
    }
}
