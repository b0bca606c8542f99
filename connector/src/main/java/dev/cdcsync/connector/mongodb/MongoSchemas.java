package dev.cdcsync.connector.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.model.TableSchemaCodec;
import java.util.Optional;
import org.bson.Document;

/**
 * MongoDB needs no DDL, but a restarted pipeline must know each table's shape as the target has it (which columns it
 * has, and its key, which decides {@code _id}): kept in the collection {@value #COLLECTION}, one document per target
 * table, replaced with each applied schema change.
 */
final class MongoSchemas {

    static final String COLLECTION = "cdc_sync_schemas";

    private final MongoCollection<Document> schemas;

    MongoSchemas(MongoDatabase database) {
        this.schemas = database.getCollection(COLLECTION);
    }

    Optional<TableSchema> describe(TableId table) {
        Document d = schemas.find(Filters.eq("_id", table.toString())).first();
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(TableSchemaCodec.fromJson(d.getString("schema"), COLLECTION + " for " + table));
    }

    void apply(SchemaChange change) {
        TableSchema next = change.applyTo(describe(change.table()).orElse(null));
        schemas.replaceOne(Filters.eq("_id", change.table().toString()), new Document("_id", change.table().toString())
                .append("schema", TableSchemaCodec.toJson(next)), new ReplaceOptions().upsert(true));
    }
}
