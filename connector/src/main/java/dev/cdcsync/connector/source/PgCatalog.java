package dev.cdcsync.connector.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the connector needs to know of the source's catalog before it starts: its own types ({@link PgUserTypes}) and,
 * for each captured table with a column {@link PostgresExactValues} carries as text, a
 * snapshot query that reads that column as text (the JDBC driver would otherwise parse it first, and some values,
 * such as infinite dates or intervals beyond 2^31 hours, do not survive that).
 */
final class PgCatalog {

    private static final String COLUMNS = """
            SELECT n.nspname, c.relname, a.attname, t.typname, a.attnum
            FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid JOIN pg_namespace n ON c.relnamespace = n.oid
            JOIN pg_type t ON a.atttypid = t.oid
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY n.nspname, c.relname, a.attnum""";

    private PgCatalog() {
    }

    /** Debezium properties: the converter and the source's own types, and the snapshot queries of the captured tables. */
    static Map<String, String> properties(Connection c, List<String> tables) throws SQLException {
        PgUserTypes types = PgUserTypes.read(c);
        Pattern captured = Pattern.compile(TableFilter.includeList(tables).replace(",", "|"));
        Map<String, List<String>> selects = new LinkedHashMap<>();
        Set<String> withText = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COLUMNS)) {
            while (rs.next()) {
                String table = rs.getString(1) + "." + rs.getString(2);
                if (!captured.matcher(table).matches()) {
                    continue;
                }
                String column = quote(rs.getString(3));
                String typname = rs.getString(4);
                boolean claimed = PgTypeClaims.claim(typname, null, null, types).isPresent();
                selects.computeIfAbsent(table, t -> new ArrayList<>())
                        .add(claimed ? PgTypeClaims.snapshotExpression(column, typname) + " AS " + column : column);
                if (claimed) {
                    withText.add(table);
                }
            }
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("converters", "cdcsync");
        p.put("cdcsync.type", PostgresExactValues.class.getName());
        types.properties().forEach((k, v) -> p.put("cdcsync." + k, v));
        List<String> overridden = new ArrayList<>();
        selects.forEach((table, columns) -> {
            if (withText.contains(table)) {
                int dot = table.indexOf('.');
                overridden.add(table);
                p.put("snapshot.select.statement.overrides." + table, "SELECT " + String.join(", ", columns) + " FROM "
                        + quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1)));
            }
        });
        if (!overridden.isEmpty()) {
            p.put("snapshot.select.statement.overrides", String.join(",", overridden));
        }
        return p;
    }

    /** A table from the source, quoted as {@code "schema"."table"} (or just the table when it has no schema). */
    static String quote(dev.cdcsync.core.model.TableId table) {
        return (table.namespace() == null ? "" : quote(table.namespace()) + ".") + quote(table.name());
    }

    /** A PostgreSQL identifier from the source, quoted: double quotes, embedded ones doubled. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
