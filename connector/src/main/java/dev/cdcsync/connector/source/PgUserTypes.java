package dev.cdcsync.connector.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The source's own types that decide how a column is carried: enums (their labels), composite types (their text) and
 * domains (their base type, with its length and scale). Read from the catalog at each connector start and handed to
 * {@link PostgresExactValues} as properties; names are separated by {@link #SEPARATOR}, which no identifier holds.
 */
record PgUserTypes(Set<String> enums, Set<String> composites, Map<String, Domain> domains) {

    static final String SEPARATOR = "\u001f";
    static final PgUserTypes NONE = new PgUserTypes(Set.of(), Set.of(), Map.of());

    /** A domain over {@code base} ({@code pg_type.typname}), with the length or precision and scale it declares. */
    record Domain(String name, String base, Integer length, Integer scale) {
    }

    static PgUserTypes read(Connection c) throws SQLException {
        Set<String> enums = names(c, "SELECT typname FROM pg_type WHERE typtype = 'e'");
        // Composite types a user declared (CREATE TYPE .. AS), not the row types every table has.
        Set<String> composites = names(c, "SELECT t.typname FROM pg_type t JOIN pg_class r ON t.typrelid = r.oid"
                + " WHERE t.typtype = 'c' AND r.relkind = 'c'");
        Map<String, Domain> domains = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT d.domain_name, b.typname, coalesce(d.character_maximum_length, d.numeric_precision),
                       coalesce(d.numeric_scale, d.datetime_precision)
                FROM information_schema.domains d JOIN pg_type t ON t.typname = d.domain_name AND t.typtype = 'd'
                JOIN pg_type b ON b.oid = t.typbasetype""")) {
            while (rs.next()) {
                domains.put(rs.getString(1), new Domain(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3),
                        (Integer) rs.getObject(4)));
            }
        }
        return new PgUserTypes(enums, composites, domains);
    }

    private static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The converter's properties (without Debezium's {@code cdcsync.} prefix). */
    Map<String, String> properties() {
        return Map.of("enums", String.join(SEPARATOR, enums), "composites", String.join(SEPARATOR, composites),
                "domains", domains.values().stream().map(d -> String.join(":", d.name, d.base,
                        d.length == null ? "" : d.length.toString(), d.scale == null ? "" : d.scale.toString()))
                        .collect(Collectors.joining(SEPARATOR)));
    }

    static PgUserTypes from(Properties props) {
        Map<String, Domain> domains = new HashMap<>();
        for (String entry : split(props.getProperty("domains", ""))) {
            int last = entry.lastIndexOf(':');
            int middle = entry.lastIndexOf(':', last - 1);
            int first = entry.lastIndexOf(':', middle - 1);
            String length = entry.substring(middle + 1, last);
            String scale = entry.substring(last + 1);
            domains.put(entry.substring(0, first), new Domain(entry.substring(0, first), entry.substring(first + 1, middle),
                    length.isEmpty() ? null : Integer.valueOf(length), scale.isEmpty() ? null : Integer.valueOf(scale)));
        }
        return new PgUserTypes(split(props.getProperty("enums", "")), split(props.getProperty("composites", "")), domains);
    }

    private static Set<String> split(String list) {
        return Arrays.stream(list.split(SEPARATOR)).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
