package dev.cdcsync.connector.source;

/** {@code source.type: mariadb}: the binlog through Debezium's MariaDB connector. */
public final class MariaDbSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    public Class<MariaDbSourceSettings> settingsType() {
        return MariaDbSourceSettings.class;
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
