package dev.cdcsync.connector.source;

/** {@code source.type: mariadb}: the binlog through Debezium's MariaDB connector. */
public final class MariaDbSourceFactory extends BinlogSourceFactory {

    public MariaDbSourceFactory() {
        super("mariadb", MariaDbSourceSettings.class);
    }
}
