package dev.cdcsync.connector.source;

import java.util.List;

/** Checks a source's prerequisites before a pipeline starts; each problem says exactly what to change. */
public interface Preflight {

    /** Problems found, empty when the source is ready. Never throws for a source that is merely misconfigured. */
    List<String> problems(String pipeline);
}
