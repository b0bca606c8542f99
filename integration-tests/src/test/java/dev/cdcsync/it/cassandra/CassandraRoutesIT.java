package dev.cdcsync.it.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.CassandraSyncTarget;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route lays out a Cassandra table: which key columns partition it, and in which order the others cluster. */
class CassandraRoutesIT {

    @Test
    void aRoutesPartitionKeyAndKeyOrderShapeTheTableAndRowsFollowKeyChanges() throws Exception {
        try (PostgresPipeline p = PostgresPipeline.create(PostgresServer.shared(), "routed_cassandra", SyncTarget.Kind.CASSANDRA)) {
            CassandraSyncTarget cassandra = (CassandraSyncTarget) p.targetSide();
            p.sourceSql("CREATE TABLE orders (id int, tenant int, region varchar(5), amount int,"
                            + " PRIMARY KEY (id, tenant, region))",
                    "INSERT INTO orders VALUES (1, 7, 'eu', 10), (2, 7, 'eu', 20), (3, 8, 'us', 30)");
            p.start(p.keyedByRoute(List.of("orders"), "orders", List.of("tenant", "region", "id"), List.of("tenant", "region")));
            p.awaitSame("orders");
            cassandra.assertPartitionedBy("orders", List.of("tenant", "region"));
            cassandra.assertKeyedBy("orders", List.of("tenant", "region", "id"));

            p.sourceSql("UPDATE orders SET amount = 21 WHERE id = 2", "UPDATE orders SET id = 4, amount = 31 WHERE id = 3",
                    "UPDATE orders SET region = 'us' WHERE id = 1", "DELETE FROM orders WHERE id = 2");
            p.awaitSame("orders");
            assertThat(p.targetRows("orders").rows()).hasSize(2);
        }
    }
}
