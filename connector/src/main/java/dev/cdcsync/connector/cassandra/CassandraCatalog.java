package dev.cdcsync.connector.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.model.TableSchemaCodec;
import dev.cdcsync.core.spi.OffsetStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What cdc-sync keeps beside the data in the keyspace: each table's shape as the source described it
 * ({@value #SCHEMAS}: Cassandra's own types are coarser, and a restart must know the source types), and the
 * checkpoints ({@value #OFFSETS}, one row per pipeline and source partition), written after every write of the batch
 * was acknowledged, at the pipeline's consistency level.
 */
final class CassandraCatalog implements OffsetStore {

    static final String SCHEMAS = "cdc_sync_schemas";
    static final String OFFSETS = "cdc_sync_offsets";

    private final CqlSession session;
    private final String keyspace;

    CassandraCatalog(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        session.execute("CREATE TABLE IF NOT EXISTS " + name(SCHEMAS) + " (table_name text PRIMARY KEY, table_schema text)");
        session.execute("CREATE TABLE IF NOT EXISTS " + name(OFFSETS) + " (pipeline text, source_partition text,"
                + " source_offset text, updated_at timestamp, PRIMARY KEY ((pipeline), source_partition))");
    }

    private String name(String table) {
        return CqlNames.quote(keyspace) + "." + table;
    }

    Optional<TableSchema> describe(TableId table) {
        Row row = session.execute(session.prepare("SELECT table_schema FROM " + name(SCHEMAS) + " WHERE table_name = ?")
                .bind(table.toString())).one();
        return row == null ? Optional.empty()
                : Optional.of(TableSchemaCodec.fromJson(row.getString(0), keyspace + "." + SCHEMAS + " for " + table));
    }

    void store(TableSchema schema) {
        session.execute(session.prepare("INSERT INTO " + name(SCHEMAS) + " (table_name, table_schema) VALUES (?, ?)")
                .bind(schema.id().toString(), TableSchemaCodec.toJson(schema)));
    }

    void remove(String pipeline) {
        session.execute(session.prepare("DELETE FROM " + name(OFFSETS) + " WHERE pipeline = ?").bind(pipeline));
    }

    @Override
    public Checkpoint load(String pipeline) {
        List<Checkpoint.Entry> entries = new ArrayList<>();
        for (Row row : session.execute(session.prepare("SELECT source_partition, source_offset FROM " + name(OFFSETS)
                + " WHERE pipeline = ?").bind(pipeline))) {
            entries.add(CheckpointCodec.entry(row.getString(0), row.getString(1)));
        }
        return new Checkpoint(entries);
    }

    @Override
    public void save(String pipeline, Checkpoint checkpoint) {
        var insert = session.prepare("INSERT INTO " + name(OFFSETS)
                + " (pipeline, source_partition, source_offset, updated_at) VALUES (?, ?, ?, toTimestamp(now()))");
        for (Checkpoint.Entry e : checkpoint.entries()) {
            session.execute(insert.bind(pipeline, CheckpointCodec.partitionJson(e.partition()),
                    CheckpointCodec.offsetJson(e.offset())));
        }
    }
}
