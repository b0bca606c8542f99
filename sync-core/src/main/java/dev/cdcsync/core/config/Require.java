package dev.cdcsync.core.config;

/** Checks for config records' compact constructors; Jackson reports their messages with file:line:column. */
public final class Require {

    /**
     * Jackson reports unknown keys only after the record is built, so a typo ("databse") would first
     * surface as a missing key. The loader re-reads a failing file with checks off to find the typo.
     */
    static final ThreadLocal<Boolean> RELAXED = ThreadLocal.withInitial(() -> false);

    private Require() {
    }

    private static boolean relaxed() {
        return RELAXED.get();
    }

    public static <T> T present(T value, String key) {
        if (!relaxed() && (value == null || (value instanceof String s && s.isBlank()))) {
            throw new IllegalArgumentException("missing required key '" + key + "'");
        }
        return value;
    }

    public static int positive(Integer value, int fallback, String key) {
        int v = value == null ? fallback : value;
        if (v <= 0 && !relaxed()) {
            throw new IllegalArgumentException("'" + key + "' must be positive, got " + v);
        }
        return v;
    }

    public static int port(Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if ((v < 1 || v > 65535) && !relaxed()) {
            throw new IllegalArgumentException("'port' must be between 1 and 65535, got " + v);
        }
        return v;
    }
}
