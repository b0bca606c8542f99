package dev.cdcsync.connector.cassandra;

import dev.cdcsync.core.config.Require;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.spi.TargetSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code target: {type: cassandra, contact-points, local-datacenter, keyspace, replication, username, password,
 * consistency, max-in-flight, timestamps, driver}}. Tables are named after the target table (the source table's own
 * name, or the route's {@code to:}).
 *
 * @param contactPoints   {@code host:port} of one or more nodes
 * @param localDatacenter the datacenter the driver prefers (required by the driver)
 * @param keyspace        where tables are created; created when missing, with {@code replication}
 * @param replication     the keyspace's replication map (default {@code SimpleStrategy}, factor 1: fine for one node,
 *                        not for production, so a warning says so)
 * @param password        a secret: use {@code ${ENV}}
 * @param consistency     the consistency level of every write (default {@code LOCAL_QUORUM})
 * @param maxInFlight     the most writes awaiting their answer at once (default 128)
 * @param timestamps      {@code date} (default): {@code timestamp} columns, and a column finer than milliseconds also
 *                        gets a {@code <column>__micros int}; {@code text}: such columns as ISO-8601 {@code text}
 * @param driver          any Java driver option, by its path in the driver's configuration (TLS, timeouts, ...)
 */
public record CassandraTargetSettings(List<String> contactPoints, String localDatacenter, String keyspace,
                                      Map<String, String> replication, String username, Secret password,
                                      String consistency, Integer maxInFlight, String timestamps,
                                      Map<String, String> driver) implements TargetSettings {

    static final List<String> CONSISTENCY_LEVELS = List.of("ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_ONE",
            "LOCAL_QUORUM", "EACH_QUORUM");

    public CassandraTargetSettings {
        if (contactPoints == null || contactPoints.isEmpty()) {
            throw new IllegalArgumentException("'contact-points' is required: one or more host:port of Cassandra nodes");
        }
        contactPoints = List.copyOf(contactPoints);
        for (String point : contactPoints) {
            if (!point.matches("[^:\\s]+:[0-9]{1,5}")) {
                throw new IllegalArgumentException("contact point '" + point + "' must be host:port");
            }
        }
        Require.present(localDatacenter, "local-datacenter");
        Require.present(keyspace, "keyspace");
        if (!keyspace.matches("[A-Za-z0-9_]{1,48}")) {
            throw new IllegalArgumentException("keyspace '" + keyspace + "': Cassandra allows letters, digits and _ (at"
                    + " most 48)");
        }
        replication = replication == null ? Map.of("class", "SimpleStrategy", "replication_factor", "1")
                : Map.copyOf(replication);
        password = password == null ? new Secret("") : password;
        consistency = consistency == null ? "LOCAL_QUORUM" : consistency.toUpperCase(Locale.ROOT);
        if (!CONSISTENCY_LEVELS.contains(consistency)) {
            throw new IllegalArgumentException("unknown consistency '" + consistency + "'; allowed: "
                    + String.join(", ", CONSISTENCY_LEVELS));
        }
        maxInFlight = maxInFlight == null ? 128 : maxInFlight;
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("'max-in-flight' must be at least 1");
        }
        timestamps = timestamps == null ? "date" : timestamps.toLowerCase(Locale.ROOT);
        if (!List.of("date", "text").contains(timestamps)) {
            throw new IllegalArgumentException("unknown timestamps '" + timestamps + "'; allowed: date, text");
        }
        driver = driver == null ? Map.of() : Map.copyOf(driver);
        for (String option : driver.keySet()) {
            if (!option.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*")) {
                throw new IllegalArgumentException("driver option '" + option + "' is not a driver option path (like"
                        + " basic.request.timeout)");
            }
        }
    }

    /** Tests and the demo: one node, defaults for the rest. */
    public CassandraTargetSettings(String contactPoint, String localDatacenter, String keyspace) {
        this(List.of(contactPoint), localDatacenter, keyspace, null, null, null, null, null, null, null);
    }

    /** The contact points, keyspace and user; never the password. */
    @Override
    public String where() {
        return "Cassandra " + String.join(",", contactPoints) + ", keyspace " + keyspace
                + (username == null ? "" : " as " + username);
    }

    @Override
    public String place() {
        return "Cassandra " + String.join(",", contactPoints) + ", keyspace " + keyspace;
    }
}
