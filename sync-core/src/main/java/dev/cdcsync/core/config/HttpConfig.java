package dev.cdcsync.core.config;

import java.time.Duration;

/**
 * The daemon's HTTP endpoints ({@code /health}, {@code /ready}, {@code /metrics}, {@code /pipelines}, {@code /}).
 *
 * @param listen      {@code host:port} to bind, {@code 127.0.0.1:8080} by default (loopback: the status page and
 *                    metrics are for this machine unless the operator opens them); port 0 takes a free port (logged);
 *                    {@code off} serves nothing
 * @param readyMaxLag when set, {@code /ready} also requires every pipeline's end-to-end lag below it
 */
public record HttpConfig(String listen, Duration readyMaxLag) {

    public static final HttpConfig DEFAULT = new HttpConfig(null, null);

    public HttpConfig {
        listen = listen == null ? "127.0.0.1:8080" : listen.trim();
        if (!listen.equals("off")) {
            int colon = listen.lastIndexOf(':');
            String port = colon < 0 ? "" : listen.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'http.listen' is '" + listen
                        + "'; expected host:port (like 127.0.0.1:8080, 0.0.0.0:9090 or [::1]:8080), or off");
            }
        }
        if (readyMaxLag != null && (readyMaxLag.isNegative() || readyMaxLag.isZero())) {
            throw new IllegalArgumentException("'http.ready-max-lag' must be a positive duration (like 30s)");
        }
    }

    public boolean enabled() {
        return !listen.equals("off");
    }

    public String host() {
        String host = listen.substring(0, listen.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public int port() {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
