package dev.cdcsync.core.config;

import java.time.Duration;

/** Retries of transient target failures: exponential backoff from 100 ms, capped at {@code maxBackoff}. */
public record RetryConfig(Integer maxAttempts, Duration maxBackoff) {

    public static final RetryConfig DEFAULT = new RetryConfig(null, null);

    public RetryConfig {
        maxAttempts = Require.positive(maxAttempts, 10, "errors.retry.max-attempts");
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(60) : maxBackoff;
    }
}
