package dev.cdcsync.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON form of a {@link Checkpoint}, shared by every writer that stores one. */
public final class CheckpointCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Map<String, Object>>>> SHAPE = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private CheckpointCodec() {
    }

    public static String toJson(Checkpoint checkpoint) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Checkpoint.Entry e : checkpoint.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("partition", e.partition());
            m.put("offset", e.offset());
            out.add(m);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkpoint is not serializable: " + e.getOriginalMessage(), e);
        }
    }

    /** A partition as canonical JSON (keys sorted), so one partition always has one text: a storage key. */
    public static String partitionJson(Map<String, Object> partition) {
        return write(new java.util.TreeMap<>(partition));
    }

    public static String offsetJson(Map<String, Object> offset) {
        return write(offset);
    }

    /** An entry from its stored partition and offset texts. */
    public static Checkpoint.Entry entry(String partitionJson, String offsetJson) {
        try {
            return new Checkpoint.Entry(JSON.readValue(partitionJson, MAP), JSON.readValue(offsetJson, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored checkpoint is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkpoint is not serializable: " + e.getOriginalMessage(), e);
        }
    }

    public static Checkpoint fromJson(String json) {
        try {
            List<Checkpoint.Entry> entries = new ArrayList<>();
            for (Map<String, Map<String, Object>> m : JSON.readValue(json, SHAPE)) {
                entries.add(new Checkpoint.Entry(m.get("partition"), m.get("offset")));
            }
            return new Checkpoint(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored checkpoint is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
