package dev.cdcsync.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * End-to-end lag under small transactions: single-row INSERT transactions at a fixed rate into a PostgreSQL source
 * (several connections, paced), cdc-sync streaming them into a PostgreSQL target. Each row carries its source time
 * ({@code clock_timestamp()} as it is inserted; it commits at once); the target table, created beforehand in the
 * source's shape, has a trigger that notes {@code clock_timestamp()} for each row cdc-sync inserts (in a side table, so
 * cdc-sync sees the table it expects), so lag = target insert time - source time, per row, from one clock. The rows
 * start once the pipeline streams (a probe row has landed); the first {@value #WARMUP_S} s of them are left out, and
 * the maximum lag of every 5 s is printed, so a slow start shows as such.
 *
 * <p>{@code ./mvnw -B -Pbench -pl integration-tests -am verify -Dit.test=LatencyBench -Dbench.rates=5000,10000
 * -Dbench.seconds=40}
 */
class LatencyBench {

    private static final int WARMUP_S = 10;
    private static final int SECONDS = Integer.getInteger("bench.seconds", 40);
    private static final int WRITERS = Integer.getInteger("bench.writers", 4);

    @Test
    void lagOfSingleRowTransactionsAtFixedRates() throws Exception {
        List<String> report = new ArrayList<>();
        for (String rate : System.getProperty("bench.rates", "2000,5000,10000").split(",")) {
            report.add(run(Integer.parseInt(rate.trim())));
        }
        System.out.printf("%n=== cdc-sync lag of single-row transactions, PostgreSQL -> PostgreSQL, %d s each (first %d s"
                + " left out), %d writer connections ===%n%-12s %12s %10s %10s %10s %10s%n", SECONDS, WARMUP_S, WRITERS,
                "target tx/s", "achieved", "p50 s", "p99 s", "max s", "rows");
        report.forEach(System.out::println);
    }

    private static String run(int rate) throws Exception {
        try (PostgresPipeline sync = PostgresPipeline.create(PostgresServer.shared(), "lat_" + rate)) {
            sync.sourceSql("CREATE TABLE ticks (id bigint PRIMARY KEY, at timestamptz NOT NULL, v text)");
            try (Statement st = sync.target().createStatement()) {
                st.execute("CREATE TABLE ticks (id bigint PRIMARY KEY, at timestamptz NOT NULL, v text)");
                st.execute("CREATE TABLE landed (id bigint PRIMARY KEY, at timestamptz NOT NULL)");
                st.execute("CREATE FUNCTION note_landing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO landed VALUES (NEW.id, clock_timestamp()) ON CONFLICT DO NOTHING; RETURN NULL; END $$");
                st.execute("CREATE TRIGGER ticks_landed AFTER INSERT ON ticks FOR EACH ROW EXECUTE FUNCTION note_landing()");
            }
            sync.start(sync.config(List.of("ticks"), EvolutionMode.LENIENT));
            // The clock starts once changes stream: a probe row (id 0, left out of the figures) has landed.
            sync.sourceSql("INSERT INTO ticks VALUES (0, clock_timestamp(), 'probe')");
            dev.cdcsync.it.harness.Await.until(java.time.Duration.ofMinutes(1),
                    () -> assertThat(count(sync.target(), "landed")).isEqualTo(1));
            long inserted = drive(sync, rate);
            dev.cdcsync.it.harness.Await.until(java.time.Duration.ofMinutes(5),
                    () -> assertThat(count(sync.target(), "landed")).isEqualTo(inserted));
            try (Statement st = sync.target().createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),"
                            + " max(lag), count(*) FROM (SELECT extract(epoch FROM l.at - t.at) AS lag FROM ticks t"
                            + " JOIN landed l USING (id) WHERE t.at > (SELECT min(at) FROM ticks WHERE id > 0) + interval '" + WARMUP_S
                            + " seconds') x")) {
                rs.next();
                assertThat(rs.getLong(4)).isPositive();
                return String.format("%-12d %12.0f %10.3f %10.3f %10.3f %10d%n  max lag per 5 s from the start: %s", rate,
                        inserted / (double) SECONDS, rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
                        maxLagPerWindow(sync.target()));
            } finally {
                sync.stop();
            }
        }
    }

    /** Inserts single-row transactions at {@code rate} per second for {@link #SECONDS}; returns how many were inserted. */
    private static long drive(PostgresPipeline sync, int rate) throws Exception {
        AtomicLong ids = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        String url = PostgresServer.shared().jdbcUrl(sync.sourceDatabase());
        for (int w = 0; w < WRITERS; w++) {
            done.add(writers.submit(() -> {
                try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                     PreparedStatement ps = c.prepareStatement("INSERT INTO ticks VALUES (?, clock_timestamp(), 'x')")) {
                    while (true) {
                        long id = ids.incrementAndGet();
                        long due = start + (long) (id * 1e9 / rate); // paced from the start: no catching up in bursts
                        if (due >= end) {
                            return null;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        return count(sync.source(), "ticks");
    }

    /** When the lag came: its maximum in each 5-second window of the run, warm-up included. */
    private static String maxLagPerWindow(Connection target) throws Exception {
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT string_agg(to_char(m, 'FM990.00'), ' ' ORDER BY w) FROM (SELECT floor(extract(epoch FROM t.at - s.t0)"
                        + " / 5) AS w, max(extract(epoch FROM l.at - t.at)) AS m FROM ticks t JOIN landed l USING (id),"
                        + " (SELECT min(at) AS t0 FROM ticks WHERE id > 0) s WHERE t.id > 0 GROUP BY 1) x")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
