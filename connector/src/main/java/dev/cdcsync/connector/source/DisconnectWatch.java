package dev.cdcsync.connector.source;

import java.lang.management.ManagementFactory;
import java.util.Set;
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
        Boolean connected = connected();
        streamed |= Boolean.TRUE.equals(connected);
        if (!streamed || Boolean.TRUE.equals(connected)) { // not streaming yet (a snapshot runs), or fine
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

    /** The streaming metric (false before streaming starts too), or null while the connector has none. */
    private Boolean connected() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(pattern, null);
        for (ObjectName name : names) {
            try {
                return (Boolean) server.getAttribute(name, "Connected");
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
