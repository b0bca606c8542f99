package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.ColumnType.Kind;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PgTypeClaimsTest {

    private static final PgUserTypes TYPES = new PgUserTypes(Set.of("mood"), Set.of("pair"),
            Map.of("amount", new PgUserTypes.Domain("amount", "numeric", 12, 2),
                    "ranges", new PgUserTypes.Domain("ranges", "int4range", null, null)));

    private static Optional<ColumnType> claim(String typname) {
        return PgTypeClaims.claim(typname, null, null, TYPES);
    }

    @Test
    void typesDebeziumConvertsExactlyAreLeftToIt() {
        for (String t : new String[] {"int4", "numeric", "text", "bytea", "jsonb", "uuid", "point", "bigserial", "mood"}) {
            assertThat(claim(t)).as(t).isEmpty();
        }
    }

    @Test
    void everyOtherTypeIsCarriedAsTextWithItsKind() {
        assertThat(claim("timestamptz").orElseThrow().kind()).isEqualTo(Kind.TIMESTAMP_TZ);
        assertThat(claim("money").orElseThrow().sourceType()).isEqualTo("money");
        assertThat(claim("int4range")).contains(ColumnType.nativeType("int4range"));
        assertThat(claim("some_extension_type")).contains(ColumnType.nativeType("some_extension_type"));
        assertThat(claim("pair").orElseThrow().kind()).isEqualTo(Kind.STRING);
    }

    @Test
    void arraysKeepAPortableElementOrTravelWhole() {
        assertThat(claim("_int4").orElseThrow().element().kind()).isEqualTo(Kind.INT32);
        assertThat(claim("_mood").orElseThrow().element().kind()).isEqualTo(Kind.ENUM);
        assertThat(claim("_amount").orElseThrow().element()).isEqualTo(ColumnType.decimal(12, 2));
        assertThat(claim("_box")).contains(ColumnType.nativeType("_box"));
        assertThat(claim("_ranges")).contains(ColumnType.nativeType("_int4range"));
    }

    @Test
    void theSourcesOwnTypesSurviveTheConvertersConfiguration() {
        Properties props = new Properties();
        props.putAll(TYPES.properties());
        assertThat(PgUserTypes.from(props)).isEqualTo(TYPES);
    }
}
