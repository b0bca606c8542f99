package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.spi.WriteException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries transient failures (a write, connecting to a server that is restarting) with exponential
 * backoff (100 ms doubling, capped); permanent ones pass through.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    private static final long FIRST_BACKOFF_MS = 100;

    private final int maxAttempts;
    private final long maxBackoffMs;
    private final PipelineMetrics metrics;

    public RetryPolicy(RetryConfig config) {
        this(config, PipelineMetrics.NONE);
    }

    /** The same, counting each retry in {@code metrics}. */
    public RetryPolicy(RetryConfig config, PipelineMetrics metrics) {
        this.maxAttempts = config.maxAttempts();
        this.maxBackoffMs = Math.max(FIRST_BACKOFF_MS, config.maxBackoff().toMillis());
        this.metrics = metrics;
    }

    /** Runs {@code write}, retrying it on transient {@link WriteException}s. */
    public void run(String pipeline, Runnable write) {
        supply(pipeline, () -> {
            write.run();
            return null;
        });
    }

    /** Like {@link #run} for work with a result (e.g. connecting a writer). */
    public <T> T supply(String pipeline, java.util.function.Supplier<T> work) {
        return supply(pipeline, "write", work, e -> e instanceof WriteException w && w.transientFailure());
    }

    /** Runs {@code work}, retrying it while it fails with what {@code isTransient} accepts; {@code what} names it in the log. */
    public <T> T supply(String pipeline, String what, java.util.function.Supplier<T> work,
                        java.util.function.Predicate<RuntimeException> isTransient) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!isTransient.test(e) || attempt >= maxAttempts) {
                    throw e;
                }
                long backoff = backoff(attempt);
                metrics.retried(what);
                LOG.warn("pipeline {}: {} failed (attempt {}/{}), retrying in {}: {}", pipeline, what, attempt,
                        maxAttempts, Duration.ofMillis(backoff), e.getMessage());
                sleep(backoff);
            }
        }
    }

    /** How many attempts in a row may fail before the failure stops the pipeline. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public long backoff(int attempt) {
        long b = FIRST_BACKOFF_MS << Math.min(attempt - 1, 20);
        return Math.min(b, maxBackoffMs);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteException("interrupted while waiting to retry", false, e);
        }
    }
}
