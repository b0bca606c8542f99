package dev.cdcsync.connector.source;

import dev.cdcsync.connector.postgres.PgBinary;
import dev.cdcsync.core.decode.PostgresText;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A captured table as the initial load reads it: the schema the decoder would build from Debezium's records of it
 * (column types as {@link PgTypeClaims} and Debezium's exact conversions give them), and per column the expression
 * COPY selects and how its field is read ({@link PgLoadField}: the binary form of the common types, else the text that
 * {@link PostgresText} parses, as it parses a streamed claimed value).
 *
 * <p>As the {@link RowValues.Encoding} of the loaded rows, it leaves the fields in a type's binary form undecoded until
 * read: a PostgreSQL target whose column has the same type takes them as they are, any other reader gets the value
 * {@link PgLoadField#read} makes. A TEXT field is parsed as the row is read, so a value that does not parse is reported
 * with its row there.
 */
record PgLoadCatalog(TableSchema schema, List<PgLoadField> fields) implements RowValues.Encoding {

    private static final String COLUMNS = """
            SELECT a.attname, t.typname, a.atttypmod, a.attnotnull, a.atttypid::int,
                   coalesce((SELECT k.n FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                             WHERE i.indrelid = a.attrelid AND i.indisprimary AND k.attnum = a.attnum), 0) AS key_position
            FROM pg_attribute a JOIN pg_type t ON a.atttypid = t.oid
            WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";

    /** The table as the load reads it, or empty with the reason when one of its columns has no text parser here. */
    static Optional<PgLoadCatalog> read(Connection c, TableId table, PgUserTypes types, StringBuilder why)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        List<PgLoadField> fields = new ArrayList<>();
        List<String> key = new ArrayList<>();
        List<Integer> keyPositions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, PgCatalog.quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String typname = rs.getString(2);
                    int typmod = rs.getInt(3);
                    Optional<ColumnType> claimed = PgTypeClaims.claim(typname, length(typname, typmod),
                            scale(typname, typmod), types);
                    ColumnType type = claimed.orElseGet(() -> exact(typname, typmod, types));
                    if (type == null) {
                        why.append("column ").append(name).append(" of ").append(table).append(" has type ").append(typname);
                        return Optional.empty();
                    }
                    // Claimed columns are always optional in Debezium's records (see PostgresExactValues).
                    columns.add(new Column(name, type, claimed.isPresent() || !rs.getBoolean(4)));
                    String quoted = PgCatalog.quote(name);
                    fields.add(PgLoadField.of(quoted, claimed.isPresent() ? PgTypeClaims.snapshotExpression(quoted, typname)
                            : quoted, typname, rs.getInt(5), type));
                    if (rs.getInt(6) > 0) {
                        key.add(name);
                        keyPositions.add(rs.getInt(6));
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>(key);
        ordered.sort(java.util.Comparator.comparing(k -> keyPositions.get(key.indexOf(k))));
        return Optional.of(new PgLoadCatalog(new TableSchema(table, columns, ordered), fields));
    }

    @Override
    public String format() {
        return PgBinary.COPY_FIELDS;
    }

    @Override
    public int type(int column) {
        return fields.get(column).oid();
    }

    @Override
    public Object decode(int column, byte[] b, int offset, int length) {
        return fields.get(column).read(b, offset, length);
    }

    /** The declared length (character and bit types) or precision (numeric), as Debezium's column length gives it. */
    private static Integer length(String typname, int typmod) {
        if (typmod < 0) {
            return null;
        }
        String base = typname.startsWith("_") ? typname.substring(1) : typname;
        return switch (base) {
            case "varchar", "bpchar" -> typmod - 4;
            case "numeric" -> ((typmod - 4) >> 16) & 0xffff;
            case "bit", "varbit" -> typmod;
            default -> null;
        };
    }

    /** The declared scale (numeric) or fractional-second digits (time types). */
    private static Integer scale(String typname, int typmod) {
        if (typmod < 0) {
            return null;
        }
        String base = typname.startsWith("_") ? typname.substring(1) : typname;
        return switch (base) {
            case "numeric" -> (typmod - 4) & 0xffff;
            case "time", "timetz", "timestamp", "timestamptz" -> typmod;
            default -> null;
        };
    }

    /**
     * The type of a column Debezium converts exactly, as the decoder derives it from Debezium's schema; null for one
     * whose text this load does not parse (PostGIS types: Debezium reads them as binary).
     */
    private static ColumnType exact(String typname, int typmod, PgUserTypes types) {
        if (types.enums().contains(typname)) {
            return ColumnType.of(Kind.ENUM).withSourceType(typname);
        }
        Integer length = length(typname, typmod);
        Integer bounded = length != null && length > 0 && length < 10_485_760 ? length : null;
        ColumnType type = typname.equals("numeric") && bounded != null && bounded <= 1000
                ? ColumnType.decimal(bounded, scale(typname, typmod)) : PgTypeClaims.exact(typname, bounded);
        return type == null ? null : type.withSourceType(typname);
    }
}
