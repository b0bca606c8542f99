package dev.cdcsync.core.config;

import java.time.Duration;

/**
 * @param maxRows            target commits are made once this many changes are held (at a source
 *                           transaction boundary)
 * @param maxDelay           how long the source waits to fill a batch when changes trickle in
 * @param maxTransactionRows a source transaction with more changes than this is split across target
 *                           commits (bounding memory); smaller ones are always committed whole
 */
public record BatchConfig(Integer maxRows, Duration maxDelay, Integer maxTransactionRows) {

    public static final BatchConfig DEFAULT = new BatchConfig(null, null, null);

    public BatchConfig {
        maxRows = Require.positive(maxRows, 8192, "batch.max-rows");
        maxTransactionRows = Require.positive(maxTransactionRows, 50_000, "batch.max-transaction-rows");
        maxDelay = maxDelay == null ? Duration.ofMillis(50) : maxDelay;
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("'batch.max-delay' must not be negative");
        }
    }
}
