package dev.cdcsync.connector.mongodb;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.spi.TargetSettings;
import java.util.List;
import java.util.Locale;

/**
 * {@code target: {type: mongodb, uri, database, write-concern, key-fields, timestamps, json}}. Collections are named
 * after the target table (the source table's own name, or the route's {@code to:}).
 *
 * @param uri          a MongoDB connection string; it may hold a password, so it is a secret (use {@code ${ENV}})
 * @param database     where collections are written
 * @param writeConcern {@code majority} (default), {@code w1} or a number of members
 * @param keyFields    whether a row's key columns are also kept as top-level fields beside {@code _id} (default true)
 * @param timestamps   {@code date} (default): BSON dates, with a column finer than milliseconds also given a
 *                     {@code <field>__micros} field holding the microseconds within the millisecond; {@code text}:
 *                     such columns as ISO-8601 text with every digit
 * @param json         {@code document} (default): json columns as embedded documents and arrays; {@code text}: as
 *                     the source's JSON text
 */
public record MongoTargetSettings(Secret uri, String database, String writeConcern, Boolean keyFields, String timestamps,
                                  String json) implements TargetSettings {

    public MongoTargetSettings {
        Require.present(uri == null ? null : uri.value(), "uri");
        if (!uri.value().startsWith("mongodb://") && !uri.value().startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException("'uri' must be a MongoDB connection string (mongodb://host:port)");
        }
        Require.present(database, "database");
        writeConcern = writeConcern == null ? "majority" : writeConcern.toLowerCase(Locale.ROOT);
        if (!List.of("majority", "w1").contains(writeConcern) && !writeConcern.matches("[1-9][0-9]?")) {
            throw new IllegalArgumentException("unknown write-concern '" + writeConcern + "'; allowed: majority, w1, or a"
                    + " number of members");
        }
        keyFields = keyFields == null || keyFields;
        timestamps = oneOf("timestamps", timestamps, "date", "text");
        json = oneOf("json", json, "document", "text");
    }

    /** The settings as tests and the demo make them: every option at its default. */
    public MongoTargetSettings(Secret uri, String database) {
        this(uri, database, null, null, null, null);
    }

    private static String oneOf(String key, String value, String... allowed) {
        if (value == null) {
            return allowed[0];
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new IllegalArgumentException("unknown " + key + " '" + value + "'; allowed: " + String.join(", ", allowed));
        }
        return v;
    }

    /** The hosts of the connection string (never its credentials or options) and the database. */
    @Override
    public String where() {
        return "MongoDB " + String.join(",", new com.mongodb.ConnectionString(uri.value()).getHosts()) + ", database "
                + database;
    }
}
