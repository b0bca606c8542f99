package dev.cdcsync.core.spi;

/**
 * Creates {@link TargetWriter}s for one {@code target.type}. Found with {@link java.util.ServiceLoader}
 * (list the implementation in {@code META-INF/services/dev.cdcsync.core.spi.TargetWriterFactory}).
 */
public interface TargetWriterFactory {

    /** The {@code type:} value in YAML, e.g. {@code postgres}. */
    String type();

    /** The record the {@code target:} section binds to; its components are the allowed keys. */
    Class<? extends TargetSettings> settingsType();

    /**
     * What {@code validate} checks: that the target can be reached with these settings and that cdc-sync may write
     * there. Each problem names the server and user and what to change (never a password); empty when ready.
     * Never throws.
     */
    default java.util.List<String> problems(TargetSettings settings) {
        return java.util.List.of();
    }

    /** Connects (or fails with a message naming what is wrong, never a password). */
    TargetWriter create(TargetSettings settings, String pipeline);
}
