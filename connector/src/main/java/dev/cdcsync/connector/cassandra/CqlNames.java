package dev.cdcsync.connector.cassandra;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Source names in CQL. Column names are double-quoted, any character kept (a quote doubled). Table names cannot be:
 * Cassandra allows only letters, digits and {@code _}, at most 48 of them, even quoted. A table name that fits is kept
 * verbatim (case too); one that does not becomes its allowed characters, every other one as {@code _}, cut to 39,
 * then {@code _} and 8 hex digits of a CRC-32 of the whole name, so that two names never meet by accident.
 */
public final class CqlNames {

    private CqlNames() {
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The Cassandra table name for a target table name (unquoted). */
    public static String table(String name) {
        if (name.matches("[A-Za-z0-9_]{1,48}")) {
            return name;
        }
        String kept = name.replaceAll("[^A-Za-z0-9_]", "_");
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return kept.substring(0, Math.min(kept.length(), 39)) + "_" + HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /** The table, quoted and qualified with the keyspace. */
    static String qualified(String keyspace, String table) {
        return quote(keyspace) + "." + quote(table(table));
    }
}
