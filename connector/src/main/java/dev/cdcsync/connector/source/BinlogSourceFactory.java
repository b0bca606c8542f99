package dev.cdcsync.connector.source;

/**
 * The binlog source types (MySQL, MariaDB): the same checks, and a connector whose lost connection must be watched
 * (the binlog client's own reconnect is off). Each flavour names its {@code type:} and settings record.
 */
abstract class BinlogSourceFactory implements SourceFactory {

    private final String type;
    private final Class<? extends BinlogSource> settingsType;

    BinlogSourceFactory(String type, Class<? extends BinlogSource> settingsType) {
        this.type = type;
        this.settingsType = settingsType;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Class<? extends BinlogSource> settingsType() {
        return settingsType;
    }

    @Override
    public Preflight preflight(DebeziumSourceSettings settings) {
        return new BinlogPreflight(settingsType.cast(settings));
    }

    @Override
    public boolean watchDisconnects() {
        return true;
    }
}
