package dev.cdcsync.it.harness;

import dev.cdcsync.core.spi.TargetSettings;
import java.util.List;

/**
 * The target side of a pipeline under test: where it writes, and what landed there read back as rows that compare
 * with the source's ({@link TableRows}: every value as PostgreSQL prints it). One implementation per target type.
 */
public interface SyncTarget extends AutoCloseable {

    /** The pipeline's {@code target:} section. */
    TargetSettings settings();

    /**
     * The target table's rows. A missing table reads as no rows and no columns.
     *
     * @param order the columns in the order to list them, where the target keeps no order of its own (empty: its own)
     */
    TableRows rows(String table, List<String> order) throws Exception;

    /** Asserts that the target finds the table's rows by these columns (its primary key, or what stands for it). */
    void assertKeyedBy(String table, List<String> columns) throws Exception;

    /** Asserts that the column holds text of up to {@code length} characters, as far as the target declares types. */
    void assertHoldsText(String table, String column, int length) throws Exception;

    /** Whether the target keeps tables without a primary key (else it stops at one, saying how to give it a key). */
    default boolean keylessTables() {
        return true;
    }

    /** Whether the target follows a table's primary key when the source replaces it (else it stops, naming it). */
    default boolean followsKeyChanges() {
        return true;
    }

    /** Whether a batch lands in one target transaction, so that no reader sees a source transaction half applied. */
    boolean transactional();

    @Override
    void close() throws Exception;

    /** Makes a target with a database of its own for a pipeline. */
    @FunctionalInterface
    interface Opener {
        SyncTarget open(String pipeline) throws Exception;
    }

    /** The kinds of target a contract test runs against, each on its shared server. */
    enum Kind implements Opener {
        POSTGRES, MONGODB,
        /** A real MongoDB replica set: only where a Docker engine runs. */
        MONGODB_REPLICA_SET,
        CASSANDRA,
        /** The {@code cassandra:5} image: only where a Docker engine runs. */
        CASSANDRA_CONTAINER;

        @Override
        public SyncTarget open(String name) throws Exception {
            return switch (this) {
                case POSTGRES -> new PostgresSyncTarget(PostgresServer.shared());
                case MONGODB -> new MongoSyncTarget(MongoTarget.shared(), name);
                case MONGODB_REPLICA_SET -> new MongoSyncTarget(MongoTarget.replicaSet(), name);
                case CASSANDRA -> new CassandraSyncTarget(CassandraServer.shared(), name);
                case CASSANDRA_CONTAINER -> new CassandraSyncTarget(CassandraServer.container(), name);
            };
        }
    }
}
