package dev.cdcsync.connector.source;

/** {@code source.type: mysql}: the binlog through Debezium's MySQL connector. */
public final class MySqlSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public Class<MySqlSourceSettings> settingsType() {
        return MySqlSourceSettings.class;
    }

    @Override
    public Preflight preflight(DebeziumSourceSettings settings) {
        return new BinlogPreflight(settingsType().cast(settings));
    }

    @Override
    public boolean watchDisconnects() {
        return true;
    }
}
