package dev.cdcsync.connector.postgres;

import static dev.cdcsync.connector.postgres.PgIdentifiers.quote;

import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** SQL text for the row statements; values are always bind parameters. */
final class PgStatements {

    private PgStatements() {
    }

    static String insert(String table, List<String> columns, int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(columns.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", ")))
                .append(") VALUES ");
        String tuple = tuple(columns.size());
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sql.toString();
    }

    /** Multi-row upsert that sets only the columns given (absent columns keep their target value). */
    static String upsert(String table, List<String> columns, List<String> key, int rows) {
        return insert(table, columns, rows) + onConflict(columns, key);
    }

    /** The same upsert with rows from a query, e.g. a staging table. */
    static String upsertFrom(String table, List<String> columns, List<String> key, String select) {
        return "INSERT INTO " + table + " (" + columns.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "))
                + ") " + select + onConflict(columns, key);
    }

    private static String onConflict(List<String> columns, List<String> key) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (")
                .append(key.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "))).append(") DO ");
        List<String> rest = columns.stream().filter(c -> !key.contains(c)).toList();
        if (rest.isEmpty()) {
            return sql.append("NOTHING").toString();
        }
        return sql.append("UPDATE SET ")
                .append(rest.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", ")))
                .toString();
    }

    /**
     * Copies a moved row's columns {@code carried} from its old key to its new one (a primary-key change the source
     * did not resend those columns with): one row inserted under the new key, the key bound as {@code keyTypes}.
     */
    static String copyMoved(String table, List<String> key, List<String> keyTypes, List<String> carried) {
        List<String> columns = new java.util.ArrayList<>(key);
        columns.addAll(carried);
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        for (String type : keyTypes) {
            select.add("CAST(? AS " + type + ")");
        }
        carried.forEach(c -> select.add(quote(c)));
        String where = key.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
        return upsertFrom(table, columns, key, select + " FROM " + table + " WHERE " + where);
    }

    static String deleteByKeys(String table, List<String> key, int rows) {
        String lhs = key.size() == 1 ? quote(key.get(0))
                : "(" + key.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", ")) + ")";
        String tuple = key.size() == 1 ? "?" : tuple(key.size());
        StringJoiner in = new StringJoiner(", ", " IN (", ")");
        for (int r = 0; r < rows; r++) {
            in.add(tuple);
        }
        return "DELETE FROM " + table + " WHERE " + lhs + in;
    }

    /**
     * Picks one row equal, column by column, to the old values (a table without a key may hold duplicates), compared
     * by text: many types have no equality operator ({@code json}, {@code point}, {@code xml}) or one that is not
     * identity ({@code box} compares areas, {@code numeric} calls 1.5 and 1.50 equal), while the text of a value
     * cdc-sync wrote is the source's exactly.
     *
     * @param types each match column's PostgreSQL type, to read the bound text as that type first
     */
    static String matchOne(String table, List<String> matchColumns, List<String> types) {
        StringJoiner where = new StringJoiner(" AND ");
        for (int i = 0; i < matchColumns.size(); i++) {
            where.add(quote(matchColumns.get(i)) + "::text IS NOT DISTINCT FROM CAST(? AS " + types.get(i) + ")::text");
        }
        return "(SELECT ctid FROM " + table + " WHERE " + where + " LIMIT 1)";
    }

    static String updateOne(String table, List<String> setColumns, String matchOne) {
        return "UPDATE " + table + " SET " + setColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "))
                + " WHERE ctid = " + matchOne;
    }

    static String deleteOne(String table, String matchOne) {
        return "DELETE FROM " + table + " WHERE ctid = " + matchOne;
    }

    private static String tuple(int n) {
        StringJoiner t = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < n; i++) {
            t.add("?");
        }
        return t.toString();
    }
}
