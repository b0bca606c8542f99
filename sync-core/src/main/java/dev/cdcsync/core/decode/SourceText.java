package dev.cdcsync.core.decode;

/**
 * The contract between a source-side converter and this decoder for values that Debezium's own
 * conversions would bend: the field is a Connect STRING named {@link #LOGICAL_NAME} whose value is
 * the source database's own text form (PostgreSQL's output syntax), and whose parameters name the
 * portable kind. The decoder parses the text into the kind's normalized value (see {@link PostgresText}).
 */
public final class SourceText {

    /** The Connect schema name of such a field. */
    public static final String LOGICAL_NAME = "dev.cdcsync.SourceText";
    /** The {@link dev.cdcsync.core.model.ColumnType.Kind} name. */
    public static final String KIND = "cdcsync.kind";
    /** The source's own type name (e.g. {@code int4range}, {@code money}, {@code varbit}). */
    public static final String TYPE = "cdcsync.type";
    /** Length, precision or fractional-second digits, when the column declares one. */
    public static final String LENGTH = "cdcsync.length";
    public static final String SCALE = "cdcsync.scale";
    /** For arrays: the element's kind and type name. */
    public static final String ELEMENT_KIND = "cdcsync.element.kind";
    public static final String ELEMENT_TYPE = "cdcsync.element.type";

    /**
     * What a converter hands over instead of a value it cannot carry, followed by why. Debezium turns an exception
     * thrown by a converter into a NULL with only a WARN; this text (which no PostgreSQL value can hold: NUL) makes
     * the decoder stop the pipeline with the column, table and position instead.
     */
    public static final String FAILED = "\u0000cdcsync: cannot carry this value exactly: ";

    private SourceText() {
    }
}
