package dev.cdcsync.connector.source;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

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

    private final ObjectName pattern;
    private final long graceMs;
    private final Runnable onDisconnected;
    private final ScheduledExecutorService timer;
    private boolean streamed;
    private long disconnectedSince = -1;

    DisconnectWatch(String topicPrefix, String pipeline, long graceMs, Runnable onDisconnected) {
        try {
            this.pattern = new ObjectName("debezium.*:type=connector-metrics,context=streaming,server=" + topicPrefix + ",*");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("cannot watch connector " + topicPrefix + ": " + e.getMessage(), e);
        }
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
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : server.queryNames(pattern, null)) {
            try {
                return new Status((Boolean) server.getAttribute(name, "Connected"),
                        ((Number) server.getAttribute(name, "NumberOfDisconnects")).longValue());
            } catch (javax.management.JMException | RuntimeException e) {
                return null; // unregistered while we looked: the connector is stopping
            }
        }
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
