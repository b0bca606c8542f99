package dev.cdcsync.connector.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Compares one table in two PostgreSQL databases: row count and an order-independent digest of
 * every row's text form, so equal digests mean equal contents.
 */
public record TableComparison(String table, long sourceRows, long targetRows, String sourceDigest, String targetDigest) {

    public boolean equal() {
        return sourceRows == targetRows && sourceDigest.equals(targetDigest);
    }

    public static TableComparison of(Connection source, String sourceTable, Connection target, String targetTable)
            throws SQLException {
        long[] s = count(source, sourceTable);
        long[] t = count(target, targetTable);
        return new TableComparison(targetTable, s[0], t[0], digest(source, sourceTable), digest(target, targetTable));
    }

    private static long[] count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1)};
        }
    }

    private static String digest(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT coalesce(md5(string_agg(md5(r::text), '' ORDER BY md5(r::text))), '-') FROM " + table + " r")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
