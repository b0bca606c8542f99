package dev.cdcsync.core.config;

import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.core.spi.TargetSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source and its target, or several targets fed by one capture ({@code targets:}, each with its own checkpoint).
 * Frozen once loaded.
 *
 * @param target  the one target (with {@code targets:}, the first of them)
 * @param targets every target, in the file's order (one-element for {@code target:})
 */
public record PipelineConfig(String name, SourceSettings source, TargetSettings target, List<Route> routes,
                             EvolutionMode schemaEvolution, String deletes, BatchConfig batch, ErrorsConfig errors,
                             List<TargetSettings> targets) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,48}");

    public PipelineConfig {
        Require.present(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pipeline name '" + name
                    + "' must be 1-48 letters, digits, '_' or '-' (it names the replication slot and checkpoint)");
        }
        Require.present(source, "source");
        if (target != null && targets != null && !targets.isEmpty() && targets.get(0) != target) {
            throw new IllegalArgumentException("'targets' and 'target' are both given; give one: target (one) or targets (a list)");
        }
        if (targets != null && targets.isEmpty() && target == null) {
            throw new IllegalArgumentException("'targets' must list at least one target");
        }
        if (targets != null && !targets.isEmpty()) {
            checkDistinct(targets);
            target = targets.get(0);
            targets = List.copyOf(targets);
        } else {
            Require.present(target, "target");
            targets = target == null ? List.of() : List.of(target);
        }
        routes = routes == null ? List.of() : List.copyOf(routes);
        schemaEvolution = schemaEvolution == null ? EvolutionMode.LENIENT : schemaEvolution;
        deletes = deletes == null ? "hard" : deletes;
        if (!deletes.equals("hard") && !deletes.equals("soft")) {
            throw new IllegalArgumentException("unknown deletes '" + deletes + "'; allowed: hard, soft");
        }
        batch = batch == null ? BatchConfig.DEFAULT : batch;
        errors = errors == null ? ErrorsConfig.DEFAULT : errors;
    }

    /** One source-target pair. */
    public PipelineConfig(String name, SourceSettings source, TargetSettings target, List<Route> routes,
                          EvolutionMode schemaEvolution, String deletes, BatchConfig batch, ErrorsConfig errors) {
        this(name, source, target, routes, schemaEvolution, deletes, batch, errors, null);
    }

    /** Each target keeps this pipeline's checkpoint under the pipeline's name: two must not be the same place. */
    private static void checkDistinct(List<TargetSettings> targets) {
        Set<String> places = new HashSet<>();
        for (TargetSettings t : targets) {
            if (!places.add(t.place())) {
                throw new IllegalArgumentException("'targets': two targets of one pipeline write to " + t.place()
                        + "; each target must be a database (or schema, keyspace) of its own");
            }
        }
    }

    /** The same pipeline with other retries (an entry point that retries in its own way). */
    public PipelineConfig withRetry(RetryConfig retry) {
        return new PipelineConfig(name, source, target, routes, schemaEvolution, deletes, batch,
                new ErrorsConfig(errors.mode(), errors.deadLetterFile(), retry), targets);
    }

    /** The same pipeline writing to one of its targets only (one lane of a fan-out). */
    public PipelineConfig withTarget(TargetSettings only) {
        return new PipelineConfig(name, source, only, routes, schemaEvolution, deletes, batch, errors, null);
    }

    public PipelineConfig withSource(SourceSettings other) {
        return new PipelineConfig(name, other, target, routes, schemaEvolution, deletes, batch, errors, targets);
    }

    public boolean fansOut() {
        return targets.size() > 1;
    }
}
