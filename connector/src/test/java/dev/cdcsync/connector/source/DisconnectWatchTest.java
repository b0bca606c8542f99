package dev.cdcsync.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch reads Debezium's streaming metric by its documented name; here a stand-in metric plays the connector. */
class DisconnectWatchTest {

    public interface ConnectionMXBean {
        boolean isConnected();

        long getNumberOfDisconnects();
    }

    private static final class Connection implements ConnectionMXBean {
        volatile boolean connected;
        volatile long disconnects;

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public long getNumberOfDisconnects() {
            return disconnects;
        }
    }

    private final Connection metric = new Connection();
    private final CountDownLatch reported = new CountDownLatch(1);
    private ObjectName name;
    private DisconnectWatch watch;

    private void watch(String server) throws Exception {
        name = new ObjectName("debezium.mariadb:type=connector-metrics,context=streaming,server=" + server + ",task=0");
        ManagementFactory.getPlatformMBeanServer().registerMBean(metric, name);
        watch = new DisconnectWatch(server, "test", 300, reported::countDown);
    }

    @AfterEach
    void stop() throws Exception {
        watch.close();
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }

    @Test
    void aConnectorNotYetStreamingIsLeftAlone() throws Exception {
        watch("snapshotting");
        assertThat(reported.await(1500, TimeUnit.MILLISECONDS)).as("disconnect reported during the snapshot").isFalse();
    }

    @Test
    void aConnectionThatStaysClosedAfterStreamingIsReported() throws Exception {
        watch("streaming");
        metric.connected = true;
        Thread.sleep(800);
        assertThat(reported.getCount()).as("nothing to report while connected").isEqualTo(1);
        metric.connected = false;
        assertThat(reported.await(5, TimeUnit.SECONDS)).as("disconnect reported").isTrue();
    }

    @Test
    void aConnectionLostBeforeAnyCheckSawItIsReportedByTheDisconnectCount() throws Exception {
        watch("brief");
        metric.disconnects = 1; // connected and gone again between two checks
        assertThat(reported.await(5, TimeUnit.SECONDS)).as("disconnect reported").isTrue();
    }
}
