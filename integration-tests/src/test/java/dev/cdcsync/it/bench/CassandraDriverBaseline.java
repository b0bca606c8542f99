package dev.cdcsync.it.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The Cassandra driver alone, writing the rows cdc-sync writes for the benchmark table (same columns and CQL types,
 * {@code USING TIMESTAMP} too) as asynchronous prepared inserts with cdc-sync's default concurrency: the write ceiling
 * for a Cassandra target.
 */
final class CassandraDriverBaseline {

    static final int IN_FLIGHT = 128;

    private CassandraDriverBaseline() {
    }

    static void createTable(CqlSession session, String keyspace) {
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + ".bench (id bigint PRIMARY KEY, c_int int, c_bigint bigint,"
                + " c_text text, c_numeric decimal, c_ts timestamp, c_ts__micros int, c_bool boolean)");
    }

    /** Rows per second of {@code rows} inserts, every row changed by {@code change}, stamped {@code stamp}. */
    static double insertRate(CqlSession session, String keyspace, long rows, int change, long stamp) {
        PreparedStatement insert = session.prepare("INSERT INTO " + keyspace + ".bench (id, c_int, c_bigint, c_text, c_numeric,"
                + " c_ts, c_ts__micros, c_bool) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (long id = 0; id < rows; id++) {
            inFlight.acquireUninterruptibly();
            pending.add(session.executeAsync(insert.bind(id, (int) (id % 1000) + change, id * 31, "row number " + id,
                    BigDecimal.valueOf(id, 2), LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id).toInstant(ZoneOffset.UTC), 0,
                    id % 2 == 0, stamp)).toCompletableFuture().whenComplete((r, e) -> inFlight.release()));
            if (pending.size() >= 10_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return rows / ((System.nanoTime() - start) / 1e9);
    }
}
