package dev.cdcsync.core.pipeline;

/** An error's message followed by each cause's that adds something: the one line a log, status or CLI shows. */
public final class Causes {

    private Causes() {
    }

    public static String joined(Throwable t) {
        StringBuilder msg = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t; c.getCause() != null && c.getCause() != c; ) {
            c = c.getCause();
            if (c.getMessage() != null && !msg.toString().contains(c.getMessage())) {
                msg.append(": ").append(c.getMessage());
            }
        }
        return msg.toString();
    }
}
