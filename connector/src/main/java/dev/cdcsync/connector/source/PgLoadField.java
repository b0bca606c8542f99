package dev.cdcsync.connector.source;

import dev.cdcsync.connector.postgres.PgBinary;
import dev.cdcsync.core.decode.PostgresText;
import dev.cdcsync.core.model.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How the initial load reads one column from binary COPY: the common types in their binary form, decoded to the
 * value {@link PostgresText} makes of their text (so a loaded row equals a streamed one); every other column selected
 * as its text and parsed by {@link PostgresText}, as a streamed claimed value is.
 *
 * @param select the expression COPY selects
 * @param binary whether the field holds the binary form (else UTF-8 text)
 */
record PgLoadField(String select, boolean binary, ColumnType type, String typname) {

    /**
     * @param quoted the quoted column name
     * @param text   how the column reads as text (a claimed column's snapshot expression, or the column)
     */
    static PgLoadField of(String quoted, String text, String typname, ColumnType type) {
        return hasBinaryForm(typname, type) ? new PgLoadField(quoted, true, type, typname)
                : new PgLoadField(text.endsWith("::text") ? text : text + "::text", false, type, typname);
    }

    /** Built-in types whose binary form is decoded here, when the column has the kind their text parses to. */
    private static boolean hasBinaryForm(String typname, ColumnType type) {
        return switch (typname) {
            case "int2", "smallserial" -> type.kind() == ColumnType.Kind.INT16;
            case "int4", "serial" -> type.kind() == ColumnType.Kind.INT32;
            case "int8", "bigserial" -> type.kind() == ColumnType.Kind.INT64;
            case "float4" -> type.kind() == ColumnType.Kind.FLOAT32;
            case "float8" -> type.kind() == ColumnType.Kind.FLOAT64;
            case "bool" -> type.kind() == ColumnType.Kind.BOOLEAN;
            case "text", "varchar", "bpchar" -> type.kind() == ColumnType.Kind.STRING || type.kind() == ColumnType.Kind.CHAR;
            case "json", "jsonb" -> type.kind() == ColumnType.Kind.JSON;
            case "bytea" -> type.kind() == ColumnType.Kind.BYTES;
            case "uuid" -> type.kind() == ColumnType.Kind.UUID;
            case "date" -> type.kind() == ColumnType.Kind.DATE;
            case "timestamp" -> type.kind() == ColumnType.Kind.TIMESTAMP;
            case "numeric" -> type.kind() == ColumnType.Kind.DECIMAL;
            default -> false;
        };
    }

    /** The field's value; {@code length} -1 is NULL. */
    Object read(byte[] b, int off, int length) {
        if (length < 0) {
            return null;
        }
        if (!binary) {
            return PostgresText.parse(type, new String(b, off, length, StandardCharsets.UTF_8));
        }
        return switch (typname) {
            case "int2", "smallserial" -> (short) PgBinary.u16(b, off);
            case "int4", "serial" -> PgBinary.i32(b, off);
            case "int8", "bigserial" -> PgBinary.i64(b, off);
            case "float4" -> Float.intBitsToFloat(PgBinary.i32(b, off));
            case "float8" -> Double.longBitsToDouble(PgBinary.i64(b, off));
            case "bool" -> b[off] != 0;
            case "jsonb" -> new String(b, off + 1, length - 1, StandardCharsets.UTF_8); // after its format version
            case "bytea" -> Arrays.copyOfRange(b, off, off + length);
            case "uuid" -> PgBinary.uuid(b, off);
            case "date" -> PgBinary.date(PgBinary.i32(b, off));
            case "timestamp" -> PgBinary.timestamp(PgBinary.i64(b, off));
            case "numeric" -> PgBinary.numeric(b, off);
            default -> new String(b, off, length, StandardCharsets.UTF_8); // text, varchar, bpchar, json
        };
    }

    /** The field as an error message shows it. */
    String show(byte[] b, int off, int length) {
        if (length < 0) {
            return "NULL";
        }
        return binary ? "\\x" + HexFormat.of().formatHex(b, off, off + Math.min(length, 64))
                : new String(b, off, length, StandardCharsets.UTF_8);
    }
}
