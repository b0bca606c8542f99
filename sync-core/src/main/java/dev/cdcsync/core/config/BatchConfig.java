package dev.cdcsync.core.config;

import java.time.Duration;

/**
 * @param maxRows  the most changes one target transaction carries (before coalescing)
 * @param maxDelay how long the source waits to fill a batch when changes trickle in
 */
public record BatchConfig(Integer maxRows, Duration maxDelay) {

    public static final BatchConfig DEFAULT = new BatchConfig(null, null);

    public BatchConfig {
        maxRows = Require.positive(maxRows, 8192, "batch.max-rows");
        maxDelay = maxDelay == null ? Duration.ofMillis(50) : maxDelay;
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("'batch.max-delay' must not be negative");
        }
    }
}
