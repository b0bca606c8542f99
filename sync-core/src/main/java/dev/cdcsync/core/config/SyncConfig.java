package dev.cdcsync.core.config;

import java.util.List;

/** A whole config file: the pipelines one daemon runs. */
public record SyncConfig(List<PipelineConfig> pipelines) {

    public SyncConfig {
        if (pipelines == null || pipelines.isEmpty()) {
            throw new IllegalArgumentException("missing required key 'pipelines' (a list of at least one pipeline)");
        }
        pipelines = List.copyOf(pipelines);
    }
}
