package dev.cdcsync.it.harness;

import dev.cdcsync.connector.source.MySqlSourceSettings;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SourceSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A MySQL source pipeline under test (MySQL in a container). */
public final class MySqlPipeline extends BinlogFixture {

    private final MySqlContainerServer server;

    private MySqlPipeline(MySqlContainerServer server, String label, String sourceDb, SyncTarget.Opener target) throws Exception {
        super(label, server.connect(sourceDb), sourceDb, target);
        this.server = server;
    }

    public static MySqlPipeline create(MySqlContainerServer server, String label) throws Exception {
        return create(server, label, SyncTarget.Kind.POSTGRES);
    }

    public static MySqlPipeline create(MySqlContainerServer server, String label, SyncTarget.Opener target) throws Exception {
        return new MySqlPipeline(server, label, server.createDatabase("src"), target);
    }

    @Override
    protected SourceSettings sourceSettings(List<String> tables) {
        return new MySqlSourceSettings(server.host(), server.port(), MySqlContainerServer.USER,
                new Secret(MySqlContainerServer.PASSWORD), tables, snapshot, null, history.toString(),
                Map.of("database.allowPublicKeyRetrieval", "true", "database.ssl.mode", "disabled"));
    }
}
