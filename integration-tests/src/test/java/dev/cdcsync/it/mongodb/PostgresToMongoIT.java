package dev.cdcsync.it.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.MongoSyncTarget;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** PostgreSQL -> MongoDB (the mongo-java-server stand-in): the shared contract, every collection against its table. */
class PostgresToMongoIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.MONGODB);
    }

    @Test
    void aRowTheTargetRefusesGoesToTheDeadLetterCollectionAndEveryOtherRowArrives() throws Exception {
        MongoSyncTarget target = (MongoSyncTarget) p.targetSide();
        target.mongoDatabase().getCollection("members").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        p.sourceSql("CREATE TABLE members (id int PRIMARY KEY, email text)", "INSERT INTO members VALUES (1, 'a@x'), (2, 'b@x')");
        PipelineConfig c = p.config(List.of("members"), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(), c.batch(),
                new ErrorsConfig("dead-letter", null, null)));
        p.sourceSql("INSERT INTO members VALUES (3, 'a@x'), (4, 'd@x')"); // 3 takes 1's email: the unique index refuses it
        p.awaitSame("(SELECT * FROM members WHERE id <> 3) m", "members");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.stats().deadLetters()).isEqualTo(1));
        Document letter = target.mongoDatabase().getCollection("cdc_sync_dead_letters").find().first();
        assertThat(letter.get("_id", Document.class).getString("pipeline")).isEqualTo(p.name());
        assertThat(letter.getString("table")).isEqualTo("members");
        assertThat(letter.getString("key")).isEqualTo("[3]");
        assertThat(letter.get("row", Document.class).getString("email")).isEqualTo("a@x");
    }
}
