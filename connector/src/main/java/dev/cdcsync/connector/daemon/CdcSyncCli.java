package dev.cdcsync.connector.daemon;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cdc-sync.jar run|validate|demo}. */
@Command(name = "cdc-sync", mixinStandardHelpOptions = true, version = "cdc-sync 0.1.0",
        description = "Change-data-capture sync: Debezium sources to PostgreSQL (MongoDB and Cassandra to come).",
        subcommands = {RunCommand.class, ValidateCommand.class, DemoCommand.class})
public final class CdcSyncCli {

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = new CommandLine(new CdcSyncCli()).execute(args);
        System.exit(code);
    }
}
