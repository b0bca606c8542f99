package dev.cdcsync.core.config;

/** The daemon's status endpoint; loopback unless the operator says otherwise. */
public record HttpConfig(String listen) {

    public static final HttpConfig DEFAULT = new HttpConfig(null);

    public HttpConfig {
        listen = listen == null ? "127.0.0.1:8080" : listen;
    }
}
