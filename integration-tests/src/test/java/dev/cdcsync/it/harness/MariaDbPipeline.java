package dev.cdcsync.it.harness;

import dev.cdcsync.connector.source.MariaDbSourceSettings;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SourceSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A MariaDB source pipeline under test. */
public final class MariaDbPipeline extends BinlogFixture {

    private final MariaDbServer server;

    private MariaDbPipeline(MariaDbServer server, String label, String sourceDb, SyncTarget.Opener target) throws Exception {
        super(label, server.connect(sourceDb), sourceDb, target);
        this.server = server;
    }

    public static MariaDbPipeline create(MariaDbServer server, String label) throws Exception {
        return create(server, label, SyncTarget.Kind.POSTGRES);
    }

    public static MariaDbPipeline create(MariaDbServer server, String label, SyncTarget.Opener target) throws Exception {
        return new MariaDbPipeline(server, label, server.createDatabase("src"), target);
    }

    @Override
    protected SourceSettings sourceSettings(List<String> tables) {
        return new MariaDbSourceSettings("localhost", server.port(), MariaDbServer.USER,
                new Secret(MariaDbServer.PASSWORD), tables, snapshot, null, history.toString(), Map.of());
    }
}
