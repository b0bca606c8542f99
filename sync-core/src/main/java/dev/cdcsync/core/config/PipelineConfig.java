package dev.cdcsync.core.config;

import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.core.spi.TargetSettings;
import java.util.List;
import java.util.regex.Pattern;

/** One source-target pair. Frozen once loaded. */
public record PipelineConfig(String name, SourceSettings source, TargetSettings target, List<Route> routes,
                             EvolutionMode schemaEvolution, String deletes, BatchConfig batch, ErrorsConfig errors) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,48}");

    public PipelineConfig {
        Require.present(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pipeline name '" + name
                    + "' must be 1-48 letters, digits, '_' or '-' (it names the replication slot and checkpoint)");
        }
        Require.present(source, "source");
        Require.present(target, "target");
        routes = routes == null ? List.of() : List.copyOf(routes);
        schemaEvolution = schemaEvolution == null ? EvolutionMode.LENIENT : schemaEvolution;
        deletes = deletes == null ? "hard" : deletes;
        if (!deletes.equals("hard") && !deletes.equals("soft")) {
            throw new IllegalArgumentException("unknown deletes '" + deletes + "'; allowed: hard, soft");
        }
        batch = batch == null ? BatchConfig.DEFAULT : batch;
        errors = errors == null ? ErrorsConfig.DEFAULT : errors;
    }

    /** The same pipeline with other retries (an entry point that retries in its own way). */
    public PipelineConfig withRetry(RetryConfig retry) {
        return new PipelineConfig(name, source, target, routes, schemaEvolution, deletes, batch,
                new ErrorsConfig(errors.mode(), errors.deadLetterFile(), retry));
    }
}
