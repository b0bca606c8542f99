package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.config.ConfigException;
import dev.cdcsync.core.config.SyncConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every pipeline until SIGTERM/SIGINT, then flushes, checkpoints and exits 0. */
@Command(name = "run", description = "Run the pipelines of a file until stopped (SIGTERM/SIGINT).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, description = "pipelines YAML file")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        SyncConfig loaded;
        try {
            loaded = Daemon.configLoader(System::getenv).load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return ValidateCommand.CONFIG_ERROR;
        }
        Daemon daemon = new Daemon(loaded);
        AtomicBoolean signalled = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            signalled.set(true);
            LOG.info("stopping: finishing the batch in flight and checkpointing");
            daemon.close();
            LOG.info("stopped cleanly");
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            // A signal-initiated exit would report 143/130; a clean stop is a success.
            Runtime.getRuntime().halt(0);
        }, "cdc-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            daemon.start();
            daemon.anyStopped().get();
            if (!signalled.get()) {
                LOG.error("a pipeline stopped on its own; stopping the others");
            }
        } catch (ExecutionException e) {
            LOG.error("a pipeline failed: {}", rootMessage(e.getCause()), e.getCause());
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", rootMessage(e), e);
        }
        if (signalled.get()) {
            Thread.currentThread().join(); // the shutdown hook ends the process
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        daemon.close();
        return 1;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        StringBuilder msg = new StringBuilder(String.valueOf(t.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && !msg.toString().contains(root.getMessage())) {
                msg.append(": ").append(root.getMessage());
            }
        }
        return msg.toString();
    }
}
