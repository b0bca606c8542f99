package dev.cdcsync.connector.source;

import dev.cdcsync.connector.postgres.PgBinary;
import dev.cdcsync.core.decode.PostgresText;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How the initial load reads one column from binary COPY: the common types in their binary form, decoded to the
 * value {@link PostgresText} makes of their text (so a loaded row equals a streamed one); every other column selected
 * as its text and parsed by {@link PostgresText}, as a streamed claimed value is.
 *
 * @param select the expression COPY selects
 * @param form   how the field's bytes are read
 * @param oid    the column's type in PostgreSQL, when its field is in that type's binary form; 0 for TEXT
 */
record PgLoadField(String select, Form form, ColumnType type, int oid) {

    /** The field's encoding in the COPY: a type's binary form, or TEXT (UTF-8) for every other column. */
    enum Form { TEXT, INT2, INT4, INT8, FLOAT4, FLOAT8, BOOL, STRING, JSONB, BYTEA, UUID, DATE, TIMESTAMP, NUMERIC }

    /**
     * @param quoted the quoted column name
     * @param text   how the column reads as text (a claimed column's snapshot expression, or the column)
     */
    static PgLoadField of(String quoted, String text, String typname, int oid, ColumnType type) {
        Form form = binaryForm(typname, type.kind());
        return form != Form.TEXT ? new PgLoadField(quoted, form, type, oid)
                : new PgLoadField(text.endsWith("::text") ? text : text + "::text", Form.TEXT, type, 0);
    }

    /** Built-in types whose binary form is decoded here, when the column has the kind their text parses to. */
    private static Form binaryForm(String typname, Kind kind) {
        Form form = switch (typname) {
            case "int2", "smallserial" -> kind == Kind.INT16 ? Form.INT2 : null;
            case "int4", "serial" -> kind == Kind.INT32 ? Form.INT4 : null;
            case "int8", "bigserial" -> kind == Kind.INT64 ? Form.INT8 : null;
            case "float4" -> kind == Kind.FLOAT32 ? Form.FLOAT4 : null;
            case "float8" -> kind == Kind.FLOAT64 ? Form.FLOAT8 : null;
            case "bool" -> kind == Kind.BOOLEAN ? Form.BOOL : null;
            case "text", "varchar", "bpchar" -> kind == Kind.STRING || kind == Kind.CHAR ? Form.STRING : null;
            case "json" -> kind == Kind.JSON ? Form.STRING : null;
            case "jsonb" -> kind == Kind.JSON ? Form.JSONB : null;
            case "bytea" -> kind == Kind.BYTES ? Form.BYTEA : null;
            case "uuid" -> kind == Kind.UUID ? Form.UUID : null;
            case "date" -> kind == Kind.DATE ? Form.DATE : null;
            case "timestamp" -> kind == Kind.TIMESTAMP ? Form.TIMESTAMP : null;
            case "numeric" -> kind == Kind.DECIMAL ? Form.NUMERIC : null;
            default -> null;
        };
        return form == null ? Form.TEXT : form;
    }

    /** The field's value; {@code length} -1 is NULL. */
    Object read(byte[] b, int off, int length) {
        if (length < 0) {
            return null;
        }
        return switch (form) {
            case TEXT -> PostgresText.parse(type, new String(b, off, length, StandardCharsets.UTF_8));
            case INT2 -> (short) PgBinary.u16(b, off);
            case INT4 -> PgBinary.i32(b, off);
            case INT8 -> PgBinary.i64(b, off);
            case FLOAT4 -> Float.intBitsToFloat(PgBinary.i32(b, off));
            case FLOAT8 -> Double.longBitsToDouble(PgBinary.i64(b, off));
            case BOOL -> b[off] != 0;
            case STRING -> new String(b, off, length, StandardCharsets.UTF_8);
            case JSONB -> new String(b, off + 1, length - 1, StandardCharsets.UTF_8); // after its format version
            case BYTEA -> Arrays.copyOfRange(b, off, off + length);
            case UUID -> PgBinary.uuid(b, off);
            case DATE -> PgBinary.date(PgBinary.i32(b, off));
            case TIMESTAMP -> PgBinary.timestamp(PgBinary.i64(b, off));
            case NUMERIC -> PgBinary.numeric(b, off);
        };
    }

    /** The field as an error message shows it. */
    String show(byte[] b, int off, int length) {
        if (length < 0) {
            return "NULL";
        }
        return form == Form.TEXT ? new String(b, off, length, StandardCharsets.UTF_8)
                : "\\x" + HexFormat.of().formatHex(b, off, off + Math.min(length, 64));
    }
}
