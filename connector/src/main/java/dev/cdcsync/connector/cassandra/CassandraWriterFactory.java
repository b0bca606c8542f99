package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.core.spi.WriteException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /**
     * Connects, creates the keyspace and cdc-sync's own tables if missing (as a start would), then writes and removes a
     * probe checkpoint row: what cdc-sync will do there, tried.
     */
    @Override
    public List<String> problems(TargetSettings settings) {
        CassandraTargetSettings cassandra = (CassandraTargetSettings) settings;
        String server = cassandra.where();
        try (CassandraWriter writer = new CassandraWriter(cassandra, Duration.ofSeconds(5))) {
            writer.offsets().save("cdc-sync-validate", new Checkpoint(List.of(new Checkpoint.Entry(Map.of("validate", 1),
                    Map.of("probe", 1)))));
            writer.removeCheckpoint("cdc-sync-validate");
            return List.of();
        } catch (WriteException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AllNodesFailedException all
                    && all.getAllErrors().values().stream().flatMap(List::stream).anyMatch(x -> x instanceof AuthenticationException)) {
                return List.of(server + ": authentication failed: check username and password");
            }
            if (cause instanceof UnauthorizedException) {
                return List.of(server + ": " + cause.getMessage() + ": GRANT CREATE, MODIFY, SELECT ON KEYSPACE "
                        + cassandra.keyspace() + " TO " + cassandra.username() + " (and CREATE ON ALL KEYSPACES if the"
                        + " keyspace does not exist yet)");
            }
            if (cause instanceof AllNodesFailedException) {
                return List.of(server + " is unreachable (no node answered within 5 s): check contact-points and"
                        + " local-datacenter");
            }
            return List.of(server + ": " + e.getMessage());
        }
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new CassandraWriter((CassandraTargetSettings) settings);
    }
}
