package dev.cdcsync.core.config;

import java.util.List;

/**
 * The {@code source:} section of a pipeline. Each source type is a record registered under its
 * {@code type:} name; unknown keys are errors.
 */
public interface SourceSettings {

    /** The captured tables, {@code schema.table} or {@code database.table}, or {@code /regex/}. */
    List<String> tables();
}
