package dev.cdcsync.connector.source;

import dev.cdcsync.core.config.SourceSettings;
import java.util.List;

/** Checks a source's prerequisites before a pipeline starts; each problem says exactly what to change. */
public interface Preflight {

    /** Problems found, empty when the source is ready. Never throws for a source that is merely misconfigured. */
    List<String> problems(String pipeline);

    static Preflight of(SourceSettings source) {
        if (source instanceof BinlogSource binlog) {
            return new BinlogPreflight(binlog);
        }
        if (source instanceof PostgresSourceSettings postgres) {
            return new PostgresPreflight(postgres);
        }
        return pipeline -> List.of();
    }
}
