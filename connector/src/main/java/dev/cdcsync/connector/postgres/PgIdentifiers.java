package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.model.TableId;

/** Quoting for every identifier that reaches SQL: double quotes, embedded quotes doubled. */
final class PgIdentifiers {

    private PgIdentifiers() {
    }

    static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character: PostgreSQL cannot store it");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"} in the writer's schema; the source namespace never leaks into the target. */
    static String table(String schema, TableId table) {
        return quote(schema) + "." + quote(table.name());
    }
}
