package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What cdc-sync makes at a PostgreSQL source, and whether its user may make it: the heartbeat table (created when
 * missing, written at every heartbeat) and the publication (created when missing; set to the captured tables when it
 * lists others, as Debezium's filtered mode does at each start). PostgreSQL publishes a table only for its owner and
 * lets only a user with CREATE on the database create a publication, so a user that lacks either fails at its first
 * start; these checks say so before, with the statement that fixes it.
 */
final class PgSourceObjects {

    private final Connection c;
    private final String user;
    private final String database;

    PgSourceObjects(Connection c, String user, String database) {
        this.c = c;
        this.user = user;
        this.database = database;
    }

    /** Whether the user may create the heartbeat table where it is missing, and upsert into it (SELECT too). */
    Optional<String> heartbeatProblem(TableId table) throws SQLException {
        String schema = schemaOf(table);
        try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(t.oid, 'SELECT')"
                + " AND has_table_privilege(t.oid, 'INSERT') AND has_table_privilege(t.oid, 'UPDATE')"
                + " FROM pg_class t JOIN pg_namespace n ON t.relnamespace = n.oid WHERE n.nspname = ? AND t.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getBoolean(1) ? Optional.empty() : Optional.of("user " + user + " may not write the heartbeat"
                            + " table " + named(table) + " (its upsert reads it too): GRANT SELECT, INSERT, UPDATE ON "
                            + PgCatalog.quote(qualified(table)) + " TO " + PgCatalog.quote(user)
                            + ", or set source.heartbeat-table: none");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT has_schema_privilege(n.oid, 'CREATE') FROM pg_namespace n"
                + " WHERE n.nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                boolean exists = rs.next();
                if (exists && rs.getBoolean(1)) {
                    return Optional.empty();
                }
                return Optional.of("user " + user + " cannot create the heartbeat table " + named(table)
                        + (exists ? " (no CREATE on schema " + schema + "): GRANT CREATE ON SCHEMA " + PgCatalog.quote(schema)
                        + " TO " + PgCatalog.quote(user) + ", or " : " (schema " + schema + " does not exist): ")
                        + "create it as (pipeline text PRIMARY KEY, beat timestamptz NOT NULL) owned by " + user
                        + ", or set source.heartbeat-table: none");
            }
        }
    }

    /**
     * Whether the user may create the publication, or set it to {@code tables} (the captured tables and the heartbeat
     * table) where it lists others. A superuser may; a missing table is left to the table checks.
     */
    Optional<String> publicationProblem(String publication, List<TableId> tables) throws SQLException {
        if (isSuperuser()) {
            return Optional.empty();
        }
        List<String> lacks = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        Optional<Boolean> ownsPublication = publicationOwnedByUser(publication);
        if (ownsPublication.isPresent() && publishes(publication).equals(qualifiedSet(tables))) {
            return Optional.empty(); // as it should be: Debezium leaves it alone
        }
        if (ownsPublication.isEmpty() && !mayCreateInDatabase()) {
            lacks.add("CREATE on database " + database);
            fixes.add("GRANT CREATE ON DATABASE " + PgCatalog.quote(database) + " TO " + PgCatalog.quote(user));
        }
        if (ownsPublication.isPresent() && !ownsPublication.get()) {
            lacks.add("ownership of the publication, which lists other tables");
            fixes.add("ALTER PUBLICATION " + PgCatalog.quote(publication) + " OWNER TO " + PgCatalog.quote(user));
        }
        List<TableId> notOwned = notOwned(tables);
        if (!notOwned.isEmpty()) {
            lacks.add("ownership of " + notOwned.stream().map(PgSourceObjects::named).collect(Collectors.joining(", ")));
            notOwned.forEach(t -> fixes.add("ALTER TABLE " + PgCatalog.quote(qualified(t)) + " OWNER TO " + PgCatalog.quote(user)));
        }
        if (lacks.isEmpty()) {
            return Optional.empty();
        }
        String list = tables.stream().map(t -> PgCatalog.quote(qualified(t))).collect(Collectors.joining(", "));
        String statement = ownsPublication.isPresent() ? "ALTER PUBLICATION " + PgCatalog.quote(publication) + " SET TABLE "
                + list : "CREATE PUBLICATION " + PgCatalog.quote(publication) + " FOR TABLE " + list;
        return Optional.of("user " + user + " cannot " + (ownsPublication.isPresent() ? "set" : "create") + " the publication "
                + publication + " (PostgreSQL requires " + String.join(" and ", lacks) + "): " + String.join("; ", fixes)
                + "; or have a superuser run " + statement);
    }

    /** Whether the table exists (whoever owns it). */
    boolean exists(TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class t JOIN pg_namespace n"
                + " ON t.relnamespace = n.oid WHERE n.nspname = ? AND t.relname = ?")) {
            ps.setString(1, schemaOf(table));
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean isSuperuser() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private boolean mayCreateInDatabase() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_database_privilege(current_database(), 'CREATE')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Empty when there is no such publication, else whether the user owns it (or is a member of its owner). */
    private Optional<Boolean> publicationOwnedByUser(String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_has_role(pubowner, 'USAGE') FROM pg_publication"
                + " WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    private Set<String> publishes(String publication) throws SQLException {
        Set<String> published = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, tablename FROM pg_publication_tables"
                + " WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    published.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
        }
        return published;
    }

    /** The existing ones among {@code tables} the user does not own (a table yet to be created will be the user's). */
    private List<TableId> notOwned(List<TableId> tables) throws SQLException {
        List<TableId> notOwned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_has_role(t.relowner, 'USAGE') FROM pg_class t"
                + " JOIN pg_namespace n ON t.relnamespace = n.oid WHERE n.nspname = ? AND t.relname = ?")) {
            for (TableId table : tables) {
                ps.setString(1, schemaOf(table));
                ps.setString(2, table.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        notOwned.add(table);
                    }
                }
            }
        }
        return notOwned;
    }

    private static Set<String> qualifiedSet(List<TableId> tables) {
        return tables.stream().map(t -> schemaOf(t) + "." + t.name()).collect(Collectors.toSet());
    }

    private static TableId qualified(TableId table) {
        return TableId.of(schemaOf(table), table.name());
    }

    private static String named(TableId table) {
        return schemaOf(table) + "." + table.name();
    }

    private static String schemaOf(TableId table) {
        return table.namespace() == null ? "public" : table.namespace();
    }
}
