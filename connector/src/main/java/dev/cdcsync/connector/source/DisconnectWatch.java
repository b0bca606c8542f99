package dev.cdcsync.connector.source;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a binlog connector's connection through Debezium's streaming metrics ({@code Connected}).
 * When the server closes the binlog connection (it restarted), the binlog client neither fails nor, with
 * its keep-alive off, reconnects: the connector would wait forever. Its keep-alive reconnect is off on
 * purpose, since it resumes mid-transaction from the client's own position. So a connector that stays
 * disconnected is reported, and {@link DebeziumSource} replaces it with one that resumes from the target's
 * checkpoint.
 */
final class DisconnectWatch implements AutoCloseable {

    private static final int CHECK_MS = 500;

    private final String topicPrefix;
    private final long graceMs;
    private final Runnable onDisconnected;
    private final ScheduledExecutorService timer;
    private boolean streamed;
    private long disconnectedSince = -1;

    DisconnectWatch(String topicPrefix, String pipeline, long graceMs, Runnable onDisconnected) {
        this.topicPrefix = topicPrefix;
        this.graceMs = graceMs;
        this.onDisconnected = onDisconnected;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-sync-" + pipeline + "-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        Status status = status();
        // Streaming has begun once the client connected, even if it was gone before a check could see it.
        streamed |= status != null && (status.connected() || status.disconnects() > 0);
        if (!streamed || status == null || status.connected()) { // not streaming yet (a snapshot runs), or fine
            disconnectedSince = -1;
            return;
        }
        long now = System.nanoTime();
        if (disconnectedSince < 0) {
            disconnectedSince = now;
        } else if (now - disconnectedSince >= TimeUnit.MILLISECONDS.toNanos(graceMs)) {
            timer.shutdown(); // once: the source replaces the connector and starts a new watch
            onDisconnected.run();
        }
    }

    /** Debezium's binlog streaming metrics {@code Connected} (false before streaming too) and {@code NumberOfDisconnects}. */
    private record Status(boolean connected, long disconnects) {
    }

    /** The streaming metrics, or null while the connector has none. */
    private Status status() {
        Object connected = ConnectorPhase.attribute(topicPrefix, "streaming", "Connected");
        Object disconnects = ConnectorPhase.attribute(topicPrefix, "streaming", "NumberOfDisconnects");
        return connected == null || disconnects == null ? null
                : new Status((Boolean) connected, ((Number) disconnects).longValue());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
