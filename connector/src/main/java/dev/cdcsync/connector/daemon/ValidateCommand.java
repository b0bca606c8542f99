package dev.cdcsync.connector.daemon;

import dev.cdcsync.connector.Writers;

import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.spi.TargetSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks a config file; exit 0 when it is usable, 2 with the reason when not. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = CdcSyncCli.Version.class, description = "Check a pipelines file, each source's prerequisites (binlog settings,"
        + " privileges, wal_level, tables) and that each target can be reached and written; exit 0, or print what to"
        + " change and exit 2.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "pipelines YAML file")
    Path config;

    @Option(names = "--no-connect", description = "check the file only: connect to no source or target")
    boolean noConnect;

    private final Writers writers = new Writers();

    @Override
    public Integer call() {
        SyncConfig loaded = Daemon.configLoader(System::getenv).load(config); // a ConfigException exits 2 (CdcSyncCli)
        int problems = 0;
        for (PipelineConfig p : loaded.pipelines()) {
            System.out.printf("pipeline %s: %s -> %s, tables %s, schema-evolution %s%n", p.name(),
                    Sources.forSettings(p.source()).type(), String.join(", ", p.targets().stream()
                            .map(t -> writers.forSettings(t).type()).toList()),
                    p.source().tables(), p.schemaEvolution().yamlName());
            if (!noConnect) {
                problems += problems(p);
            }
        }
        if (problems > 0) {
            System.err.printf("%s: %d problem(s) with the sources and targets%n", config, problems);
            return ExitCodes.CONFIG;
        }
        System.out.println(config + ": OK" + (noConnect ? " (file only)" : ""));
        return ExitCodes.OK;
    }

    /** Connects to the pipeline's source and each of its targets; prints and counts what they are missing. */
    private int problems(PipelineConfig p) {
        int problems = 0;
        for (String problem : Sources.preflight(p.source()).problems(p.name())) {
            System.err.printf("pipeline %s: source: %s%n", p.name(), problem);
            problems++;
        }
        for (TargetSettings target : p.targets()) {
            for (String problem : writers.forSettings(target).problems(target)) {
                System.err.printf("pipeline %s: target: %s%n", p.name(), problem);
                problems++;
            }
        }
        return problems;
    }
}
