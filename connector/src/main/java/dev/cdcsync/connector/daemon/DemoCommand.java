package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the demo: no servers to install. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = CdcSyncCli.Version.class, description = "Start an embedded PostgreSQL, sync a small shop database into a second"
        + " database while changing it, and compare source and target per table.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "10", description = "how long to run the workload (default: ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
        return new Demo(seconds, System.out).run() ? 0 : 1;
    }
}
