package dev.cdcsync.core.config;

/**
 * @param mode           what a row the target refuses, or a record that cannot be decoded, does: {@code fail} (default)
 *                       stops the pipeline naming the row's table, key and source position; {@code dead-letter} sets
 *                       it aside (the target's {@code cdc_sync_dead_letters}, or {@code dead-letter-file}), counts it,
 *                       logs one line and goes on
 * @param deadLetterFile with {@code dead-letter}: a JSON-lines file to append letters to instead of the target
 * @param retry          how transient failures are retried before the pipeline stops
 */
public record ErrorsConfig(String mode, String deadLetterFile, RetryConfig retry) {

    public static final ErrorsConfig DEFAULT = new ErrorsConfig(null, null, null);

    public ErrorsConfig {
        mode = mode == null ? "fail" : mode;
        if (!mode.equals("fail") && !mode.equals("dead-letter")) {
            throw new IllegalArgumentException("unknown errors.mode '" + mode + "'; allowed: fail, dead-letter");
        }
        if (deadLetterFile != null && !mode.equals("dead-letter")) {
            throw new IllegalArgumentException("'errors.dead-letter-file' needs errors.mode: dead-letter");
        }
        retry = retry == null ? RetryConfig.DEFAULT : retry;
    }

    public boolean deadLetters() {
        return mode.equals("dead-letter");
    }
}
