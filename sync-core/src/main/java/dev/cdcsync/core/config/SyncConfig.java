package dev.cdcsync.core.config;

import java.util.List;

/**
 * A whole config file: the pipelines one daemon runs.
 *
 * @param http              the daemon's HTTP endpoints
 * @param onPipelineFailure what a pipeline that stops on an error does to the others: {@code stop-daemon} (default:
 *                          the daemon stops and exits 1, so a supervisor sees it) or {@code keep-others} (the others
 *                          run on; the failed one shows in {@code /pipelines}, {@code /ready} and the metrics)
 */
public record SyncConfig(List<PipelineConfig> pipelines, HttpConfig http, String onPipelineFailure) {

    public SyncConfig {
        if ((pipelines == null || pipelines.isEmpty()) && !Require.RELAXED.get()) {
            throw new IllegalArgumentException("missing required key 'pipelines' (a list of at least one pipeline)");
        }
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
        http = http == null ? HttpConfig.DEFAULT : http;
        onPipelineFailure = onPipelineFailure == null ? "stop-daemon" : onPipelineFailure;
        if (!onPipelineFailure.equals("stop-daemon") && !onPipelineFailure.equals("keep-others")) {
            throw new IllegalArgumentException("unknown on-pipeline-failure '" + onPipelineFailure
                    + "'; allowed: stop-daemon, keep-others");
        }
    }

    public SyncConfig(List<PipelineConfig> pipelines) {
        this(pipelines, HttpConfig.DEFAULT, null);
    }

    public boolean keepOthersRunning() {
        return onPipelineFailure.equals("keep-others");
    }
}
