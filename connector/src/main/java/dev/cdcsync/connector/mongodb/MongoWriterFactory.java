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

    /** Connects and writes (then removes) a probe document in the checkpoint collection. */
    @Override
    public java.util.List<String> problems(TargetSettings settings) {
        MongoTargetSettings mongo = (MongoTargetSettings) settings;
        com.mongodb.ConnectionString uri = new com.mongodb.ConnectionString(mongo.uri().value());
        String server = String.join(",", uri.getHosts()) + "/" + mongo.database()
                + (uri.getUsername() == null ? "" : " as " + uri.getUsername());
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(
                com.mongodb.MongoClientSettings.builder().applyConnectionString(uri)
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(5, java.util.concurrent.TimeUnit.SECONDS))
                        .build())) {
            var offsets = client.getDatabase(mongo.database()).getCollection(MongoCheckpoints.COLLECTION);
            org.bson.Document probe = new org.bson.Document("_id", new org.bson.Document("validate", java.util.UUID.randomUUID().toString()));
            offsets.insertOne(probe);
            offsets.deleteOne(probe);
            return java.util.List.of();
        } catch (com.mongodb.MongoSecurityException e) {
            return java.util.List.of("MongoDB " + server + ": authentication failed (" + e.getMessage() + "): check the"
                    + " user and password in the uri");
        } catch (com.mongodb.MongoTimeoutException e) {
            return java.util.List.of("MongoDB " + server + " is unreachable (no server answered within 5 s): check the uri");
        } catch (com.mongodb.MongoException e) {
            return java.util.List.of("MongoDB " + server + ": cannot write to database " + mongo.database() + " ("
                    + e.getMessage() + "): grant the user readWrite on it");
        }
    }

    @Override
    public TargetWriter create(TargetSettings settings, String pipeline) {
        return new MongoWriter((MongoTargetSettings) settings);
    }
}
