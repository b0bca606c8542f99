package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Hands Debezium the checkpoint the target holds. The engine instantiates this class by name, so
 * the pipeline registers where its checkpoint comes from under its name before starting the engine.
 * Offsets the engine flushes are kept in memory only: the durable copy is the one the writer
 * committed with the data, which is never behind what the engine flushes.
 */
public class CheckpointOffsetBackingStore extends MemoryOffsetBackingStore {

    static final String PIPELINE_KEY = "offset.storage.cdcsync.pipeline";
    private static final Map<String, Supplier<Optional<Checkpoint>>> SOURCES = new ConcurrentHashMap<>();

    private String pipeline;

    static void register(String pipeline, Supplier<Optional<Checkpoint>> checkpoint) {
        SOURCES.put(pipeline, checkpoint);
    }

    static void unregister(String pipeline) {
        SOURCES.remove(pipeline);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        pipeline = config.originalsStrings().get(PIPELINE_KEY);
    }

    @Override
    public synchronized void start() {
        super.start();
        Supplier<Optional<Checkpoint>> source = pipeline == null ? null : SOURCES.get(pipeline);
        if (source == null) {
            throw new IllegalStateException("no checkpoint source registered for pipeline " + pipeline);
        }
        source.get().ifPresent(this::load);
    }

    /** Serializes offsets exactly as the engine's offset writer does (schemaless JSON, key = [engine, partition]). */
    private void load(Checkpoint checkpoint) {
        try (JsonConverter keys = new JsonConverter(); JsonConverter values = new JsonConverter()) {
            keys.configure(Map.of("schemas.enable", "false"), true);
            values.configure(Map.of("schemas.enable", "false"), false);
            for (Checkpoint.Entry e : checkpoint.entries()) {
                byte[] key = keys.fromConnectData(pipeline, null, Arrays.asList(pipeline, e.partition()));
                byte[] value = values.fromConnectData(pipeline, null, e.offset());
                data.put(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
            }
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
