package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.TargetWriterFactory;

/** {@code target.type: postgres}. */
public final class PostgresWriterFactory implements TargetWriterFactory {

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public Class<? extends TargetSettings> settingsType() {
        return PostgresTargetSettings.class;
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new PostgresWriter((PostgresTargetSettings) settings);
    }
}
