package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.config.ConfigException;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks a config file; exit 0 when it is usable, 2 with the reason when not. */
@Command(name = "validate", description = "Check a pipelines file and exit 0, or print what is wrong and exit 2.")
final class ValidateCommand implements Callable<Integer> {

    static final int CONFIG_ERROR = 2;

    @Option(names = {"-c", "--config"}, required = true, description = "pipelines YAML file")
    Path config;

    @Override
    public Integer call() {
        try {
            SyncConfig loaded = Daemon.configLoader(System::getenv).load(config);
            for (PipelineConfig p : loaded.pipelines()) {
                System.out.printf("pipeline %s: %s -> %s, tables %s, schema-evolution %s%n", p.name(),
                        p.source().getClass().getSimpleName(), p.target().getClass().getSimpleName(),
                        p.source().tables(), p.schemaEvolution().yamlName());
            }
            System.out.println(config + ": OK");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        }
    }
}
