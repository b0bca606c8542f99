package dev.cdcsync.connector.source;

/** {@code source.type: postgres}: logical replication with pgoutput. */
public final class PostgresSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public Class<PostgresSourceSettings> settingsType() {
        return PostgresSourceSettings.class;
    }

    @Override
    public Preflight preflight(DebeziumSourceSettings settings) {
        return new PostgresPreflight(settingsType().cast(settings));
    }
}
