package dev.cdcsync.it.bench;

import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.it.harness.SyncFixture;

/**
 * One source and target in the benchmark: a fixture whose source holds table {@code bench} (key + 6 mixed
 * columns, N rows) and {@code marker}; the statement that updates every row; and a capture baseline
 * configured like the pipeline but with its own slot or server id and history.
 */
record BenchScenario(String title, String target, SyncFixture sync, PipelineConfig baselineConfig, String updateAll,
                     String insertMarker) {
}
