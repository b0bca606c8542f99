package dev.cdcsync.connector.source;

import dev.cdcsync.core.decode.DebeziumEventDecoder;
import dev.cdcsync.core.decode.SourceText;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium converter for the PostgreSQL types that Debezium's own conversion would bend (infinite and BC dates,
 * 24:00, intervals, money, bit strings, multi-dimensional and numeric arrays, ranges, network, geometric and
 * text-search types, ...; see {@link PgTypeClaims}). It hands over PostgreSQL's own text of each value as a
 * {@link SourceText} field, which the decoder parses into the portable value. The snapshot reads these columns
 * as text (see {@link PgCatalog}), and streaming values are turned back into the text PostgreSQL sent.
 * Configured with the source's own types ({@link PgUserTypes}).
 */
public final class PostgresExactValues implements CustomConverter<SchemaBuilder, RelationalColumn> {

    private PgUserTypes types = PgUserTypes.NONE;

    @Override
    public void configure(Properties props) {
        types = PgUserTypes.from(props);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String typname = column.typeName().toLowerCase(Locale.ROOT);
        PgTypeClaims.claim(typname, value(column.length()), value(column.scale()), types).ifPresent(type -> {
            // Always optional: the old row of a DELETE carries only the key (replica identity default), and Debezium
            // would otherwise need a made-up value for a NOT NULL column. Target columns take nullability from keys.
            SchemaBuilder schema = SchemaBuilder.string().name(SourceText.LOGICAL_NAME).optional();
            describe(schema, type);
            registration.register(schema, raw -> convert(column, type, raw));
        });
    }

    private static void describe(SchemaBuilder schema, ColumnType type) {
        schema.parameter(SourceText.KIND, type.kind().name());
        ColumnType sized = type.kind() == Kind.ARRAY ? type.element() : type;
        if (type.sourceType() != null) {
            schema.parameter(SourceText.TYPE, type.sourceType());
        }
        if (sized.length() != null) {
            schema.parameter(SourceText.LENGTH, String.valueOf(sized.length()));
        }
        if (sized.scale() != null) {
            schema.parameter(SourceText.SCALE, String.valueOf(sized.scale()));
        }
        if (type.kind() == Kind.ARRAY) {
            schema.parameter(SourceText.ELEMENT_KIND, type.element().kind().name());
            if (type.element().sourceType() != null) {
                schema.parameter(SourceText.ELEMENT_TYPE, type.element().sourceType());
            }
        }
    }

    private static Object convert(RelationalColumn column, ColumnType type, Object raw) {
        if (raw == null) {
            return null;
        }
        if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(raw)) {
            return DebeziumEventDecoder.UNAVAILABLE_VALUE_PLACEHOLDER;
        }
        try {
            return PgValueText.of(raw);
        } catch (RuntimeException e) {
            // Never throw: Debezium would log it and hand over NULL. The decoder stops on this text instead.
            return SourceText.FAILED + column.typeName() + " value " + abbreviate(String.valueOf(raw)) + ": " + e.getMessage();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static Integer value(OptionalInt i) {
        return i.isPresent() ? i.getAsInt() : null;
    }
}
