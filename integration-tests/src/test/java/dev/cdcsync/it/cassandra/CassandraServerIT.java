package dev.cdcsync.it.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.cdcsync.it.harness.CassandraServer;
import org.junit.jupiter.api.Test;

/**
 * The real Cassandra the harness starts from Maven artifacts: it answers CQL, and a write's timestamp decides which
 * of two writes of a cell wins whatever their arrival order (what the Cassandra target's ordering rests on).
 */
class CassandraServerIT {

    @Test
    void aWriteWithAnOlderTimestampArrivingLaterLosesToTheNewerOne() {
        CassandraServer server = CassandraServer.shared();
        String keyspace = server.newKeyspace("server");
        try (CqlSession session = server.session()) {
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .isEqualTo(CassandraServer.VERSION);
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE " + keyspace + ".t (id int PRIMARY KEY, v text)");
            session.execute("INSERT INTO " + keyspace + ".t (id, v) VALUES (1, 'newer') USING TIMESTAMP 20");
            session.execute("INSERT INTO " + keyspace + ".t (id, v) VALUES (1, 'older') USING TIMESTAMP 10");
            session.execute("DELETE FROM " + keyspace + ".t USING TIMESTAMP 15 WHERE id = 1");
            Row row = session.execute("SELECT v, WRITETIME(v) FROM " + keyspace + ".t WHERE id = 1").one();
            assertThat(row).isNotNull();
            assertThat(row.getString(0)).isEqualTo("newer");
            assertThat(row.getLong(1)).isEqualTo(20L);
        }
    }
}
