package dev.cdcsync.it.harness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A table's contents as PostgreSQL prints them: column names, and every row as the text of each
 * value, sorted, so two tables compare row by row and column by column whatever their physical order.
 */
public record TableRows(List<String> columns, List<List<String>> rows) {

    private static final Comparator<List<String>> ROW_ORDER = (a, b) -> String.join("\u0001", nullSafe(a))
            .compareTo(String.join("\u0001", nullSafe(b)));

    /** @param qualifiedTable an already quoted table name */
    public static TableRows read(Connection c, String qualifiedTable) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + qualifiedTable)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            rows.sort(ROW_ORDER);
            return new TableRows(columns, rows);
        }
    }

    /** Rows from elsewhere (another target), sorted as {@link #read} sorts. */
    public static TableRows sorted(List<String> columns, List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(ROW_ORDER);
        return new TableRows(List.copyOf(columns), copy);
    }

    private static List<String> nullSafe(List<String> row) {
        return row.stream().map(v -> v == null ? "\u0000NULL" : v).toList();
    }

    public int size() {
        return rows.size();
    }

    /**
     * What sets this table apart from {@code expected}, short enough for a failure message: the column
     * lists if they differ, else the rows missing here and the rows extra here (with their counts).
     */
    public String differenceFrom(TableRows expected) {
        if (!columns.equals(expected.columns)) {
            return "columns " + columns + ", expected " + expected.columns;
        }
        java.util.Map<List<String>, Integer> balance = new java.util.HashMap<>();
        expected.rows.forEach(r -> balance.merge(r, 1, Integer::sum));
        rows.forEach(r -> balance.merge(r, -1, Integer::sum));
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        balance.forEach((row, n) -> {
            if (n > 0) {
                missing.add(row + (n > 1 ? " x" + n : ""));
            } else if (n < 0) {
                extra.add(row + (n < -1 ? " x" + -n : ""));
            }
        });
        return missing.size() + " rows missing " + missing.stream().sorted().limit(20).toList() + ", " + extra.size()
                + " rows extra " + extra.stream().sorted().limit(20).toList();
    }
}
