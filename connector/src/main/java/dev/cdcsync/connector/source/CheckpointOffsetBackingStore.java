package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Hands Debezium the checkpoint the target holds ({@link dev.cdcsync.core.pipeline.DurableOffsets}), afresh at every read: when the connector task starts
 * (it resumes from there) and, for PostgreSQL, before each confirmation to the replication slot (so the
 * slot never passes what the target holds). The engine instantiates this class by name, so the pipeline
 * registers its checkpoint supplier under its name before starting the engine. Offsets the engine
 * flushes are kept in memory only and never read back.
 */
public class CheckpointOffsetBackingStore extends MemoryOffsetBackingStore {

    static final String PIPELINE_KEY = "offset.storage.cdcsync.pipeline";
    private static final Map<String, Supplier<Checkpoint>> SOURCES = new ConcurrentHashMap<>();

    private String pipeline;

    static void register(String pipeline, Supplier<Checkpoint> checkpoint) {
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
        if (pipeline == null || !SOURCES.containsKey(pipeline)) {
            throw new IllegalStateException("no checkpoint source registered for pipeline " + pipeline);
        }
    }

    /** Each read asks the pipeline for what the target holds now. */
    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> stored = serialize(SOURCES.get(pipeline).get());
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        keys.forEach(key -> result.put(key, stored.get(key)));
        return CompletableFuture.completedFuture(result);
    }

    /** Serializes offsets exactly as the engine's offset writer does (schemaless JSON, key = [engine, partition]). */
    private Map<ByteBuffer, ByteBuffer> serialize(Checkpoint checkpoint) {
        Map<ByteBuffer, ByteBuffer> stored = new HashMap<>();
        try (JsonConverter keys = new JsonConverter(); JsonConverter values = new JsonConverter()) {
            keys.configure(Map.of("schemas.enable", "false"), true);
            values.configure(Map.of("schemas.enable", "false"), false);
            for (Checkpoint.Entry e : checkpoint.entries()) {
                byte[] key = keys.fromConnectData(pipeline, null, Arrays.asList(pipeline, e.partition()));
                byte[] value = values.fromConnectData(pipeline, null, e.offset());
                stored.put(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
            }
        }
        return stored;
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
