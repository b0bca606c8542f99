package dev.cdcsync.core.config;

/**
 * @param mode  what a row the target rejects does: {@code fail} stops the pipeline naming the row's
 *              table, key and source position (the only mode so far)
 * @param retry how transient failures are retried before the pipeline stops
 */
public record ErrorsConfig(String mode, RetryConfig retry) {

    public static final ErrorsConfig DEFAULT = new ErrorsConfig(null, null);

    public ErrorsConfig {
        mode = mode == null ? "fail" : mode;
        if (!mode.equals("fail")) {
            throw new IllegalArgumentException("unknown errors.mode '" + mode + "'; allowed: fail");
        }
        retry = retry == null ? RetryConfig.DEFAULT : retry;
    }
}
