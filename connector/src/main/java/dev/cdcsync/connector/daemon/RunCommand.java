package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import ch.qos.logback.classic.LoggerContext;
import dev.cdcsync.core.config.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs every pipeline until SIGTERM/SIGINT, then flushes, checkpoints and exits 0. A second signal, or a stop that
 * outlasts {@code --shutdown-timeout}, ends the process at once (the target keeps its last checkpoint).
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = CdcSyncCli.Version.class,
        description = "Run the pipelines of a file until stopped (SIGTERM/SIGINT).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, description = "pipelines YAML file")
    Path config;

    @Option(names = "--shutdown-timeout", defaultValue = "30s", converter = DurationOption.class,
            description = "how long a stop may take to finish the batch in flight (default: ${DEFAULT-VALUE})")
    Duration shutdownTimeout;

    @Override
    public Integer call() throws InterruptedException {
        SyncConfig loaded = Daemon.configLoader(System::getenv).load(config); // a ConfigException exits 2 (CdcSyncCli)
        Daemon daemon = new Daemon(loaded);
        HttpEndpoints http = null;
        if (loaded.http().enabled()) {
            try {
                http = HttpEndpoints.start(daemon, loaded.http());
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
                return ExitCodes.CONFIG;
            }
            LOG.info("status on http://{}:{}/ (/health, /ready, /metrics, /pipelines)", loaded.http().host(), http.port());
        }
        Shutdown shutdown = Shutdown.install(daemon, shutdownTimeout);
        try {
            daemon.start();
            (loaded.keepOthersRunning() ? daemon.allStopped() : daemon.anyStopped()).get();
            if (!shutdown.requested()) {
                LOG.error(loaded.keepOthersRunning() ? "every pipeline has stopped" : "a pipeline stopped on its own; stopping the others");
            }
        } catch (ExecutionException e) {
            LOG.error("a pipeline failed: {}", Causes.joined(e.getCause()), e.getCause());
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", Causes.joined(e), e);
        }
        if (shutdown.requested()) {
            Thread.currentThread().join(); // the shutdown ends the process
        }
        shutdown.uninstall();
        daemon.close();
        if (http != null) {
            http.close();
        }
        return ExitCodes.PIPELINE_FAILED;
    }

    /** Stops the daemon on the first SIGTERM/SIGINT; the second, or a stop past the timeout, halts. */
    static final class Shutdown {
        private final Daemon daemon;
        private final Duration timeout;
        private volatile boolean requested;

        private Shutdown(Daemon daemon, Duration timeout) {
            this.daemon = daemon;
            this.timeout = timeout;
        }

        static Shutdown install(Daemon daemon, Duration timeout) {
            Shutdown s = new Shutdown(daemon, timeout);
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s::signalled);
            }
            return s;
        }

        boolean requested() {
            return requested;
        }

        void uninstall() {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_DFL);
            }
        }

        private synchronized void signalled(sun.misc.Signal signal) {
            if (requested) {
                LOG.warn("second SIG{}: exiting now; the target keeps its last checkpoint and the source resends the rest",
                        signal.getName());
                halt(ExitCodes.FORCED);
            }
            requested = true;
            Thread stop = new Thread(this::stop, "cdc-sync-shutdown");
            stop.start();
            Thread watchdog = new Thread(() -> {
                try {
                    stop.join(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (stop.isAlive()) {
                    LOG.warn("the stop took over {}: exiting now; the target keeps its last checkpoint", timeout);
                    halt(ExitCodes.FORCED);
                }
            }, "cdc-sync-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        private void stop() {
            LOG.info("stopping: finishing the batch in flight and checkpointing (a second signal exits at once)");
            daemon.close();
            LOG.info("stopped cleanly");
            halt(ExitCodes.OK);
        }

        private static void halt(int code) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            Runtime.getRuntime().halt(code);
        }
    }
}
