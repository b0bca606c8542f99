package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.config.DurationDeserializer;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** A command-line duration in the YAML's words: {@code 500ms}, {@code 30s}, {@code 2m}. */
final class DurationOption implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return DurationDeserializer.parse(value);
    }
}
