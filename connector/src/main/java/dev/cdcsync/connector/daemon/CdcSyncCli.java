package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cdc-sync.jar run|validate|status|demo}; exit codes in {@link ExitCodes}. */
@Command(name = "cdc-sync", mixinStandardHelpOptions = true, versionProvider = CdcSyncCli.Version.class,
        description = "Change-data-capture sync: PostgreSQL, MySQL and MariaDB sources (Debezium) to PostgreSQL,"
                + " MongoDB and Cassandra.",
        subcommands = {RunCommand.class, ValidateCommand.class, StatusCommand.class, DemoCommand.class},
        footer = {"", "Exit codes: 0 done, 1 a pipeline failed, 2 bad configuration or a source/target not ready,"
                + " 3 forced stop, 4 status could not reach a source or target."})
public final class CdcSyncCli {

    @CommandLine.Option(names = "--log-format", scope = CommandLine.ScopeType.INHERIT, paramLabel = "text|json",
            description = "log as readable text (default) or as one JSON object per line")
    void logFormat(String format) {
        LogFormat.apply(format);
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes: an unusable file is 2, with its one-line message; other failures 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CdcSyncCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof dev.cdcsync.core.config.ConfigException) {
                System.err.println(e.getMessage());
                return ExitCodes.CONFIG;
            }
            System.err.println("cdc-sync " + line.getCommandName() + ": " + Causes.joined(e));
            return ExitCodes.PIPELINE_FAILED;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(System.err);
            return ExitCodes.CONFIG;
        });
        return cli;
    }

    /** The version this jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CdcSyncCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"cdc-sync " + p.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
