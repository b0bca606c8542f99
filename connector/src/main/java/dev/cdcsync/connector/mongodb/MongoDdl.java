package dev.cdcsync.connector.mongodb;

import com.mongodb.client.MongoDatabase;
import dev.cdcsync.core.model.SchemaChange;
import org.bson.Document;

/**
 * What a schema change the policy lets through does to the documents. Collections take any field and value, so new
 * tables, new columns and new types need nothing; a dropped column's field is removed from every document (only
 * modes that apply drops get here: {@code lenient} keeps the field); a new primary key re-keys the documents.
 * Each returns whether documents were rewritten with key-less replay marks kept (they need a purge).
 */
final class MongoDdl implements SchemaChange.Visitor<Boolean> {

    private final MongoDatabase database;
    private final MongoRekey rekey;

    MongoDdl(MongoDatabase database, boolean keyFields) {
        this.database = database;
        this.rekey = new MongoRekey(database, keyFields);
    }

    @Override
    public Boolean createTable(SchemaChange.CreateTable create) {
        return false;
    }

    @Override
    public Boolean addColumn(SchemaChange.AddColumn add) {
        return false;
    }

    @Override
    public Boolean dropColumn(SchemaChange.DropColumn drop) {
        String field = MongoNames.field(drop.column());
        database.getCollection(MongoNames.collection(drop.table().name())).updateMany(new Document(), new Document("$unset",
                new Document(field, "").append(field + MongoValues.MICROS, "")));
        return false;
    }

    @Override
    public Boolean alterColumnType(SchemaChange.AlterColumnType alter) {
        return false;
    }

    @Override
    public Boolean alterPrimaryKey(SchemaChange.AlterPrimaryKey key) {
        return rekey.apply(key);
    }
}
