package dev.cdcsync.connector.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.StringConverterConfig;

/**
 * Reads what Kafka Connect's {@link JsonConverter} writes with schemas ({@code {"schema": ..., "payload": ...}}), faster:
 * Debezium repeats each table's schema, several times the size of the row, in every record, and {@code JsonConverter}
 * builds it into a tree and hashes the whole tree to find it in its cache, record after record (two thirds of a sink
 * task's time, measured). This converter compares the record's first bytes with the schema the topic's last record
 * had, byte for byte; failing that, steps over the schema's bytes and finds the Connect schema by them; and builds
 * only the payload ({@link JsonPayload}, with {@code JsonConverter}'s rules). The first record of each schema,
 * anything else (no schema, a schema after the payload, schemas disabled) and writing go to a {@code JsonConverter}
 * with the same settings, so the results and errors are its own. One instance per task, as Kafka Connect makes them.
 */
public final class SchemaCachingJsonConverter implements Converter {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private final JsonConverter json = new JsonConverter();
    private static final byte[] SCHEMA_FIELD = "{\"schema\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(StandardCharsets.UTF_8);

    /** A schema as JsonConverter writes it, and as Connect has it. */
    private record Known(byte[] json, Schema schema) {
    }

    private final Map<SchemaBytes, Known> schemas = new HashMap<>();
    /** Per topic, the schema of its last record: nearly always that of the next. */
    private final Map<String, Known> lastOfTopic = new HashMap<>();
    private int cacheSize;
    private boolean schemasEnabled;
    private boolean replaceNullWithDefault;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        json.configure(configs, isKey);
        Map<String, Object> typed = new HashMap<>(configs);
        typed.put(StringConverterConfig.TYPE_CONFIG, (isKey ? ConverterType.KEY : ConverterType.VALUE).getName());
        JsonConverterConfig config = new JsonConverterConfig(typed);
        schemasEnabled = config.schemasEnabled();
        replaceNullWithDefault = config.replaceNullWithDefault();
        cacheSize = config.schemaCacheSize();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return json.fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null || !schemasEnabled) {
            return json.toConnectData(topic, value);
        }
        try {
            SchemaAndValue read = read(topic, value);
            return read != null ? read : json.toConnectData(topic, value);
        } catch (IOException | JsonPayload.NotHandled e) {
            return json.toConnectData(topic, value); // JsonConverter's own answer, or its own error
        }
    }

    /** @return the schema and value, or null where {@code JsonConverter} must answer */
    SchemaAndValue read(String topic, byte[] value) throws IOException {
        Known last = lastOfTopic.get(topic);
        if (last != null && compact(value, last.json())) {
            int from = SCHEMA_FIELD.length + last.json().length + PAYLOAD_FIELD.length;
            try (JsonParser parser = FACTORY.createParser(value, from, value.length - 1 - from)) {
                parser.nextToken();
                JsonNode payload = MAPPER.readTree(parser);
                if (parser.nextToken() == null) {
                    return new SchemaAndValue(last.schema(), JsonPayload.toConnect(last.schema(), payload, replaceNullWithDefault));
                }
            }
        }
        return readWithSchemaFound(topic, value);
    }

    /** Whether the record is JsonConverter's compact {@code {"schema":<schema>,"payload":...}} with this schema. */
    private static boolean compact(byte[] value, byte[] schema) {
        int payloadAt = SCHEMA_FIELD.length + schema.length;
        return value.length > payloadAt + PAYLOAD_FIELD.length && value[value.length - 1] == '}'
                && Arrays.equals(value, 0, SCHEMA_FIELD.length, SCHEMA_FIELD, 0, SCHEMA_FIELD.length)
                && Arrays.equals(value, SCHEMA_FIELD.length, payloadAt, schema, 0, schema.length)
                && Arrays.equals(value, payloadAt, payloadAt + PAYLOAD_FIELD.length, PAYLOAD_FIELD, 0, PAYLOAD_FIELD.length);
    }

    private SchemaAndValue readWithSchemaFound(String topic, byte[] value) throws IOException {
        try (JsonParser parser = FACTORY.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"schema".equals(parser.currentName()) || parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            SchemaBytes probe = new SchemaBytes(value, start, (int) parser.currentLocation().getByteOffset());
            Known known = schemas.get(probe);
            if (known == null) {
                // A schema not seen yet: JsonConverter reads its first record (the worker's Jackson, not ours, must
                // build the schema's tree), and its schema is kept.
                SchemaAndValue first = json.toConnectData(topic, value);
                if (schemas.size() >= cacheSize) {
                    schemas.clear(); // a bound, not an LRU: a topic has a handful of schemas
                    lastOfTopic.clear();
                }
                SchemaBytes key = probe.copy();
                schemas.put(key, new Known(key.bytes, first.schema()));
                return first;
            }
            lastOfTopic.put(topic, known);
            Schema schema = known.schema();
            if (parser.nextToken() != JsonToken.FIELD_NAME || !"payload".equals(parser.currentName())) {
                return null;
            }
            parser.nextToken();
            JsonNode payload = MAPPER.readTree(parser);
            if (parser.nextToken() != JsonToken.END_OBJECT) {
                return null;
            }
            return new SchemaAndValue(schema, JsonPayload.toConnect(schema, payload, replaceNullWithDefault));
        }
    }

    /** A schema's JSON bytes as a cache key, compared by content; a probe points into the record's bytes. */
    private static final class SchemaBytes {
        private final byte[] bytes;
        private final int start;
        private final int end;
        private final int hash;

        SchemaBytes(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            int h = 1;
            for (int i = start; i < end; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        SchemaBytes copy() {
            return new SchemaBytes(Arrays.copyOfRange(bytes, start, end), 0, end - start);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SchemaBytes other && other.hash == hash
                    && Arrays.equals(bytes, start, end, other.bytes, other.start, other.end);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
