package dev.cdcsync.connector.source;

import dev.cdcsync.core.decode.SourceText;
import dev.cdcsync.core.model.ColumnType.Kind;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * MariaDB's {@code JSON} is a {@code LONGTEXT} with a {@code CHECK (json_valid(col))}; Debezium's snapshot sees only
 * the LONGTEXT. This converter marks exactly those columns (found in the catalog at each start) as JSON, so that a
 * target stores them as JSON; the text is kept as written. Configured with {@code columns}: {@code db.table.column}
 * names separated by {@link #SEPARATOR}.
 */
public final class MariaDbJsonColumns implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** No identifier holds it, so names need no escaping. */
    static final String SEPARATOR = "\u001f";

    private static final String QUERY = """
            SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c
            JOIN information_schema.CHECK_CONSTRAINTS k
              ON k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME
             AND k.CHECK_CLAUSE = concat('json_valid(`', c.COLUMN_NAME, '`)')
            WHERE c.DATA_TYPE = 'longtext' AND c.CHARACTER_SET_NAME LIKE 'utf8%'""";

    private Set<String> columns = Set.of();

    /** The converter's Debezium properties for the server behind {@code c}. */
    static Map<String, String> properties(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            while (rs.next()) {
                found.add(rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3));
            }
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("converters", "cdcsync");
        p.put("cdcsync.type", MariaDbJsonColumns.class.getName());
        p.put("cdcsync.columns", String.join(SEPARATOR, found));
        return p;
    }

    @Override
    public void configure(java.util.Properties props) {
        columns = Arrays.stream(props.getProperty("columns", "").split(SEPARATOR))
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (!columns.contains(column.dataCollection() + "." + column.name())) {
            return;
        }
        SchemaBuilder schema = SchemaBuilder.string().name(SourceText.LOGICAL_NAME)
                .parameter(SourceText.KIND, Kind.JSON.name()).parameter(SourceText.TYPE, "json");
        if (column.isOptional()) {
            schema.optional();
        }
        // The catalog query admits only utf8 columns, so the binlog's bytes are UTF-8.
        registration.register(schema, raw -> raw instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : raw == null ? null : raw.toString());
    }
}
