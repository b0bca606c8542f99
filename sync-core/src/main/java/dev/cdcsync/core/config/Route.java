package dev.cdcsync.core.config;

/** Sends the source table {@code from} to the target table {@code to} instead of its own name. */
public record Route(String from, String to) {

    public Route {
        Require.present(from, "from");
        Require.present(to, "to");
    }
}
