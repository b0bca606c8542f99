package dev.cdcsync.connector.postgres;

import static dev.cdcsync.connector.postgres.PgIdentifiers.quote;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads and changes target table definitions. Every statement is idempotent ({@code IF NOT EXISTS},
 * {@code IF EXISTS}) because a crash between DDL and checkpoint replays the change.
 * Non-key columns are always created nullable: rows written before a column existed have no value for it.
 */
final class PgSchemaOps {

    private final String schema;

    PgSchemaOps(String schema) {
        this.schema = schema;
    }

    Optional<TableSchema> describe(Connection c, TableId table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
                FROM pg_attribute a JOIN pg_class t ON a.attrelid = t.oid JOIN pg_namespace n ON t.relnamespace = n.oid
                WHERE n.nspname = ? AND t.relname = ? AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""")) {
            ps.setString(1, schema);
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), PgTypes.fromPg(rs.getString(2)), !rs.getBoolean(3)));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableSchema(table, columns, primaryKey(c, table)));
    }

    /** The table's column type oids by column name (what COPY's binary format needs); empty if it does not exist. */
    static Map<String, Integer> columnTypeOids(Connection c, String quotedTable) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, atttypid::int FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, quotedTable);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return types;
    }

    private List<String> primaryKey(Connection c, TableId table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname
                FROM pg_index i JOIN pg_class t ON i.indrelid = t.oid JOIN pg_namespace n ON t.relnamespace = n.oid
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE n.nspname = ? AND t.relname = ? AND i.indisprimary
                ORDER BY k.ord""")) {
            ps.setString(1, schema);
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    /** The DDL for one change; empty when the change needs none in PostgreSQL (it is in place already). */
    List<String> ddl(Connection c, SchemaChange change) throws SQLException {
        String t = PgIdentifiers.table(schema, change.table());
        List<String> primaryKeyDdl = change instanceof SchemaChange.AlterPrimaryKey key ? primaryKeyDdl(c, key, t) : List.of();
        return change.accept(new SchemaChange.Visitor<>() {
            public List<String> createTable(SchemaChange.CreateTable create) {
                return List.of(PgSchemaOps.this.createTable(create.schema()));
            }

            public List<String> addColumn(SchemaChange.AddColumn add) {
                return List.of("ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS " + quote(add.column().name()) + " "
                        + PgTypes.toPg(add.column().type()));
            }

            public List<String> dropColumn(SchemaChange.DropColumn drop) {
                return List.of("ALTER TABLE " + t + " DROP COLUMN IF EXISTS " + quote(drop.column()));
            }

            public List<String> alterColumnType(SchemaChange.AlterColumnType alter) {
                String type = PgTypes.toPg(alter.to());
                return List.of("ALTER TABLE " + t + " ALTER COLUMN " + quote(alter.column()) + " TYPE " + type
                        + " USING " + quote(alter.column()) + "::" + type);
            }

            public List<String> alterPrimaryKey(SchemaChange.AlterPrimaryKey key) {
                return primaryKeyDdl;
            }
        });
    }

    /** Drops the table's primary key constraint (whatever its name) and adds the new key; nothing if already so. */
    private List<String> primaryKeyDdl(Connection c, SchemaChange.AlterPrimaryKey change, String t) throws SQLException {
        if (primaryKey(c, change.table()).equals(change.to())) {
            return List.of();
        }
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT con.conname FROM pg_constraint con JOIN pg_class t ON con.conrelid = t.oid
                JOIN pg_namespace n ON t.relnamespace = n.oid
                WHERE n.nspname = ? AND t.relname = ? AND con.contype = 'p'""")) {
            ps.setString(1, schema);
            ps.setString(2, change.table().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    ddl.add("ALTER TABLE " + t + " DROP CONSTRAINT " + quote(rs.getString(1)));
                }
            }
        }
        if (!change.to().isEmpty()) {
            ddl.add("ALTER TABLE " + t + " ADD PRIMARY KEY ("
                    + change.to().stream().map(PgIdentifiers::quote).collect(Collectors.joining(", ")) + ")");
        }
        return ddl;
    }

    private String createTable(TableSchema s) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(PgIdentifiers.table(schema, s.id())).append(" (");
        sql.append(s.columns().stream()
                .map(c -> quote(c.name()) + " " + PgTypes.toPg(c.type()) + (s.primaryKey().contains(c.name()) ? " NOT NULL" : ""))
                .collect(Collectors.joining(", ")));
        if (s.hasPrimaryKey()) {
            sql.append(", PRIMARY KEY (")
                    .append(s.primaryKey().stream().map(PgIdentifiers::quote).collect(Collectors.joining(", ")))
                    .append(')');
        }
        return sql.append(')').toString();
    }
}
