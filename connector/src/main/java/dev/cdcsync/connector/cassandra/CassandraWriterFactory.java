package dev.cdcsync.connector.cassandra;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.TargetWriterFactory;

/** {@code target.type: cassandra}. */
public final class CassandraWriterFactory implements TargetWriterFactory {

    @Override
    public String type() {
        return "cassandra";
    }

    @Override
    public Class<? extends TargetSettings> settingsType() {
        return CassandraTargetSettings.class;
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new CassandraWriter((CassandraTargetSettings) settings);
    }
}
