package dev.cdcsync.connector.source;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** What a pipeline's connector is doing, read from Debezium's snapshot and streaming metrics (JMX). */
public enum ConnectorPhase {
    /** No connector task runs yet (starting, or between a lost source and its replacement). */
    STARTING,
    SNAPSHOT,
    STREAMING;

    static ConnectorPhase of(String topicPrefix) {
        if (Boolean.TRUE.equals(attribute(topicPrefix, "snapshot", "SnapshotRunning"))) {
            return SNAPSHOT;
        }
        return Boolean.TRUE.equals(attribute(topicPrefix, "streaming", "Connected")) ? STREAMING : STARTING;
    }

    /**
     * One attribute of a connector's Debezium metrics ({@code context} snapshot or streaming), or null while the
     * connector has none (not started, or stopping).
     */
    static Object attribute(String topicPrefix, String context, String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName pattern = new ObjectName("debezium.*:type=connector-metrics,context=" + context + ",server="
                    + topicPrefix + ",*");
            for (ObjectName found : server.queryNames(pattern, null)) {
                return server.getAttribute(found, name);
            }
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        } catch (JMException | RuntimeException e) {
            return null; // unregistered while we looked: the connector is stopping
        }
        return null;
    }
}
