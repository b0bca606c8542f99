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

    /** Connects (or fails with a message naming what is wrong, never a password). */
    TargetWriter create(TargetSettings settings, String pipeline);
}
