package dev.cdcsync.it.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CassandraSyncTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.SyncTarget;

/** PostgreSQL -> a real Cassandra 5.0: the shared contract, every table against its source row by row. */
class PostgresToCassandraIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return PostgresPipeline.create(PostgresServer.shared(), label, SyncTarget.Kind.CASSANDRA);
    }

    @Test
    void aValueCassandraCannotHoldGoesToTheDeadLetterTableAndEveryOtherRowArrives() throws Exception {
        p.sourceSql("CREATE TABLE prices (id int PRIMARY KEY, amount numeric)", "INSERT INTO prices VALUES (1, 1.5), (2, 'NaN')");
        PipelineConfig c = p.config(List.of("prices"), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(), c.batch(),
                new ErrorsConfig("dead-letter", null, null)));
        p.sourceSql("INSERT INTO prices VALUES (3, 'Infinity'), (4, 4.25)");
        p.awaitSame("(SELECT * FROM prices WHERE amount NOT IN ('NaN', 'Infinity')) p", "prices");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.stats().deadLetters()).isEqualTo(2));
        CassandraSyncTarget target = (CassandraSyncTarget) p.targetSide();
        List<String> letters = target.session().execute(SimpleStatement.newInstance("SELECT table_name, row_key, row_data FROM "
                + target.keyspace() + ".cdc_sync_dead_letters WHERE pipeline = ?", p.name())).all().stream()
                .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2)).sorted().toList();
        assertThat(letters).containsExactly("prices [2] {\"id\":2,\"amount\":\"NaN\"}",
                "prices [3] {\"id\":3,\"amount\":\"Infinity\"}");
    }
}
