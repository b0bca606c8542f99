package dev.cdcsync.connector.source;

import java.util.List;
import java.util.stream.Collectors;

/** Turns {@code source.tables} into a Debezium include list: literal names are regex-escaped, {@code /regex/} kept. */
final class TableFilter {

    private static final String SPECIAL = "\\.[]{}()*+-?^$|";

    private TableFilter() {
    }

    static String includeList(List<String> tables) {
        return tables.stream().map(TableFilter::entry).collect(Collectors.joining(","));
    }

    /** Whether {@code qualified} ({@code schema.table} / {@code database.table}) is one of the tables, as Debezium matches. */
    static java.util.function.Predicate<String> matcher(List<String> tables) {
        List<java.util.regex.Pattern> patterns = tables.stream().map(t -> java.util.regex.Pattern.compile(entry(t))).toList();
        return qualified -> patterns.stream().anyMatch(p -> p.matcher(qualified).matches());
    }

    /** The tables among {@code candidates} (namespace, name) that {@code tables} names. */
    static List<dev.cdcsync.core.model.TableId> select(List<String> tables, java.sql.ResultSet candidates)
            throws java.sql.SQLException {
        java.util.function.Predicate<String> wanted = matcher(tables);
        List<dev.cdcsync.core.model.TableId> out = new java.util.ArrayList<>();
        while (candidates.next()) {
            dev.cdcsync.core.model.TableId id = dev.cdcsync.core.model.TableId.of(candidates.getString(1), candidates.getString(2));
            if (wanted.test(id.namespace() + "." + id.name())) {
                out.add(id);
            }
        }
        return out;
    }

    private static String entry(String table) {
        if (table.length() > 2 && table.startsWith("/") && table.endsWith("/")) {
            return table.substring(1, table.length() - 1);
        }
        if (table.indexOf(',') >= 0) {
            throw new IllegalArgumentException("table name '" + table + "' contains a comma, which Debezium's include"
                    + " list cannot express; match it with a /regex/ instead");
        }
        StringBuilder s = new StringBuilder();
        for (char ch : table.toCharArray()) {
            if (SPECIAL.indexOf(ch) >= 0) {
                s.append('\\');
            }
            s.append(ch);
        }
        return s.toString();
    }
}
