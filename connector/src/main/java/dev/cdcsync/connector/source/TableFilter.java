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
