package dev.cdcsync.connector.source;

/** {@code source.type: mysql}: the binlog through Debezium's MySQL connector. */
public final class MySqlSourceFactory extends BinlogSourceFactory {

    public MySqlSourceFactory() {
        super("mysql", MySqlSourceSettings.class);
    }
}
