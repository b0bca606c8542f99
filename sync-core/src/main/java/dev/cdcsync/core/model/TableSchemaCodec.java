package dev.cdcsync.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON form of a {@link TableSchema}, for targets that keep each table's shape beside the data because they
 * cannot read it back from their own catalog (MongoDB has none; Cassandra's types are coarser than the source's).
 */
public final class TableSchemaCodec {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TableSchemaCodec() {
    }

    public static String toJson(TableSchema schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the schema of " + schema.id() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @param where the stored schema's place, for the error */
    public static TableSchema fromJson(String json, String where) {
        try {
            return JSON.readValue(json, TableSchema.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema cdc-sync stored in " + where + " is not readable: "
                    + e.getOriginalMessage(), e);
        }
    }
}
