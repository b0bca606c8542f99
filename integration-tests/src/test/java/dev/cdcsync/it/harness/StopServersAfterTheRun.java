package dev.cdcsync.it.harness;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the servers that run inside the test JVM once all tests have run, before the JVM's exit hooks. */
public final class StopServersAfterTheRun implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaConnectServer.stopShared();
    }
}
