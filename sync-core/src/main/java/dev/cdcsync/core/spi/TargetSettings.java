package dev.cdcsync.core.spi;

/**
 * The {@code target:} section of a pipeline, bound from YAML. Each writer defines its own record
 * (registered under its {@code type:} name by its {@link TargetWriterFactory}); unknown keys are errors.
 */
public interface TargetSettings {

    /** Where rows go, for logs and status, in the user's words and without any secret (e.g. no password in a URI). */
    String where();

    /**
     * Where this target keeps what it writes (the database and schema, keyspace): equal for two settings that would
     * share tables and checkpoints, whatever user they log in as.
     */
    default String place() {
        return where();
    }
}
