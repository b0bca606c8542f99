package dev.cdcsync.connector.mongodb;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.TargetWriterFactory;

/** {@code target.type: mongodb}. */
public final class MongoWriterFactory implements TargetWriterFactory {

    @Override
    public String type() {
        return "mongodb";
    }

    @Override
    public Class<? extends TargetSettings> settingsType() {
        return MongoTargetSettings.class;
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new MongoWriter((MongoTargetSettings) settings);
    }
}
