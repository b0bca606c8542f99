package dev.cdcsync.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import dev.cdcsync.connector.demo.TableComparison;
import dev.cdcsync.connector.mongodb.MongoWriterFactory;
import dev.cdcsync.connector.source.MariaDbSourceSettings;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.pipeline.PipelineStats;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.cdcsync.connector.cassandra.CassandraTargetSettings;
import dev.cdcsync.connector.cassandra.CassandraWriterFactory;
import dev.cdcsync.it.harness.CassandraServer;
import dev.cdcsync.it.harness.CassandraSyncTarget;
import dev.cdcsync.it.harness.MongoSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import dev.cdcsync.it.harness.MongoTarget;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Throughput into PostgreSQL and MongoDB, each figure beside its baseline measured in the same run: the Debezium
 * engine feeding a do-nothing consumer (capture ceiling), and the target's own fastest write of the same rows (write
 * ceiling: COPY into PostgreSQL; the driver's insertMany and unordered bulkWrite into MongoDB).
 * Run: {@code ./mvnw -B -Pbench -pl integration-tests -am verify [-Dbench.rows=N]}. The JVM runs with
 * -Xmx512m, so finishing at all shows the heap bound.
 */
class SyncThroughputBench {

    private static final long ROWS = Long.getLong("bench.rows", 1_000_000);
    private static final long TIMEOUT_S = 1800;
    private static final List<String> REPORT = new ArrayList<>();

    /** The most heap in use seen while cdc-sync ran (sampled every 2 ms). */
    private static long peakHeap;

    @AfterAll
    static void printReport() {
        System.out.printf("%n=== cdc-sync benchmark: %,d rows (key + 6 columns), all servers on this machine ===%n", ROWS);
        System.out.printf("%-52s %12s %12s   %s%n", "measure", "rows/s", "vs ceiling", "CPU s per 1M changes, by process");
        REPORT.forEach(System.out::println);
        System.out.printf("peak heap in use while cdc-sync ran: %d MB (JVM max %d MB)%n%n", peakHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    @Test
    void postgresToPostgres() throws Exception {
        try (PostgresPipeline sync = PostgresPipeline.create(PostgresServer.shared(), "bench_pg")) {
            Rates rates = snapshotThenUpdates(sync, "bench_pg", "PostgreSQL");
            // Digests computed in PostgreSQL: a million rows do not fit a 512 MB test JVM as Java strings.
            TableComparison equal = TableComparison.of(sync.source(), "bench", sync.target(), "bench");
            assertThat(equal.equal()).as("target equals source after the run: %s", equal).isTrue();

            CpuMeter cpu = cpuOf(sync);
            var before = cpu.sample();
            double copy = copySeconds(sync.source(), sync.target());
            var copied = cpu.sample();
            line("write ceiling: COPY PostgreSQL -> PostgreSQL", ROWS / copy, 1.0, CpuMeter.perMillion(before, copied, ROWS));
            double writer = WriterAlone.insertRate(WriterAlone.postgres(PostgresServer.shared().jdbcUrl(
                    PostgresServer.shared().createDatabase("wa"))), ROWS, sync.config(List.of("bench"), EvolutionMode.LENIENT)
                    .batch().maxRows());
            line("cdc-sync writer alone (no capture) vs COPY", writer, writer * copy / ROWS,
                    CpuMeter.perMillion(copied, cpu.sample(), ROWS));
            List<Map<String, Long>> marks = new ArrayList<>();
            double updates = WriterAlone.updateRate(WriterAlone.postgres(PostgresServer.shared().jdbcUrl(
                    PostgresServer.shared().createDatabase("wu"))), ROWS, sync.config(List.of("bench"), EvolutionMode.LENIENT)
                    .batch().maxRows(), () -> marks.add(sampled(cpu)));
            line("write only: writer alone, every row updated", updates, 1.0, CpuMeter.perMillion(marks.get(0), marks.get(1), ROWS));
            allowance(rates, CpuMeter.totalPerMillion(marks.get(0), marks.get(1), ROWS));
        }
    }

    /**
     * The streaming rate the shared cores allow for capture plus write: the cores over the CPU seconds per change of
     * the capture-only phase and of the write-only phase (the same updates, written with no capture in front); and
     * cdc-sync's own JVM CPU per change against the capture-only JVM's.
     */
    private static void allowance(Rates rates, double writeCpu) {
        int cores = Runtime.getRuntime().availableProcessors();
        double allowed = cores * 1_000_000 / (rates.captureCpu() + writeCpu);
        line(String.format("streaming allowance: %d cores / (%.1f + %.1f CPU s)", cores, rates.captureCpu(), writeCpu),
                allowed, 1.0);
        line("cdc-sync streamed updates vs the allowance", rates.streaming(), rates.streaming() / allowed);
        REPORT.add(String.format("cdc-sync's JVM CPU per streamed change: %.1f s per 1M, %.2fx the capture-only JVM's %.1f",
                rates.syncJvm(), rates.syncJvm() / rates.captureJvm(), rates.captureJvm()));
    }

    private static Map<String, Long> sampled(CpuMeter cpu) {
        try {
            return cpu.sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The initial load of a PostgreSQL table three ways, side by side: the plain {@code COPY TO | COPY FROM} pipe,
     * cdc-sync's COPY load ({@code snapshot-method: copy}) and Debezium's snapshot through cdc-sync. Each cdc-sync run
     * starts from an empty target and ends with the target equal to the source. {@code -Dbench.rows=10000000} for
     * the 10M-row figure.
     */
    @Test
    void postgresInitialLoad() throws Exception {
        double pipe;
        String cpuPipe;
        try (PostgresPipeline copy = PostgresPipeline.create(PostgresServer.shared(), "bench_load")) {
            fillPostgresSource(copy);
            CpuMeter cpu = cpuOf(copy);
            try (Statement st = copy.target().createStatement()) {
                st.execute(BENCH_TABLE); // the shape the pipe copies into
            }
            var before = cpu.sample();
            pipe = ROWS / copySeconds(copy.source(), copy.target());
            var piped = cpu.sample();
            cpuPipe = CpuMeter.perMillion(before, piped, ROWS);
            try (Statement st = copy.target().createStatement()) {
                st.execute("DROP TABLE bench_copy, bench");
            }
            line("load ceiling: COPY PostgreSQL -> PostgreSQL (pipe)", pipe, 1.0, cpuPipe);
            copy.snapshotMethod("copy");
            loaded(copy, "cdc-sync COPY load (snapshot-method: copy)", pipe, cpu);
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.load.debezium", "true"))) {
            return; // -Dbench.load.debezium=false: the pipe and the COPY load only, for a quicker look
        }
        try (PostgresPipeline debezium = PostgresPipeline.create(PostgresServer.shared(), "bench_load_dbz")) {
            fillPostgresSource(debezium);
            debezium.snapshotMethod("debezium");
            loaded(debezium, "cdc-sync Debezium snapshot (snapshot-method: debezium)", pipe, cpuOf(debezium));
        }
    }

    /** Runs the pipeline's initial load into its empty target; reports its rate against the pipe's. */
    private static void loaded(PostgresPipeline sync, String label, double pipe, CpuMeter cpu) throws Exception {
        var before = cpu.sample();
        PipelineConfig c = sync.config(List.of("bench", "marker"), EvolutionMode.LENIENT);
        Integer batchRows = Integer.getInteger("bench.batch.rows"); // -Dbench.batch.rows=N: the load's batch.max-rows
        if (batchRows != null) {
            c = new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(),
                    new BatchConfig(batchRows, null, null), c.errors());
        }
        sync.start(c);
        double seconds = secondsUntilLoaded(sync, ROWS);
        sync.stop();
        line(label, ROWS / seconds, ROWS / seconds / pipe, CpuMeter.perMillion(before, cpu.sample(), ROWS));
        TableComparison equal = TableComparison.of(sync.source(), "bench", sync.target(), "bench");
        assertThat(equal.equal()).as("target equals source after the load: %s", equal).isTrue();
    }

    @Test
    void mariaDbToPostgres() throws Exception {
        try (MariaDbPipeline sync = MariaDbPipeline.create(MariaDbServer.shared(), "bench_maria")) {
            sync.sourceSql("""
                    CREATE TABLE bench (id bigint PRIMARY KEY, c_int int, c_bigint bigint, c_text text,
                      c_numeric decimal(12,2), c_ts datetime(6), c_bool boolean)""",
                    "CREATE TABLE marker (id int PRIMARY KEY)",
                    "INSERT INTO bench SELECT seq, seq % 1000, seq * 31, CONCAT('row number ', seq), seq / 7.0,"
                            + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, seq % 2 = 0 FROM seq_1_to_" + ROWS);
            PipelineConfig config = sync.config(List.of("bench", "marker"), EvolutionMode.LENIENT);
            MariaDbSourceSettings s = (MariaDbSourceSettings) config.source();
            Path history = Files.createTempFile("baseline-history", ".dat");
            PipelineConfig baseline = new PipelineConfig("bench_maria_baseline", new MariaDbSourceSettings(s.host(), s.port(),
                    s.user(), s.password(), s.tables(), s.snapshot(), 6400L, history.toString(), s.debezium()),
                    config.target(), config.routes(), config.schemaEvolution(), config.deletes(), config.batch(), config.errors());
            run(new BenchScenario("MariaDB", "PostgreSQL", sync, baseline,
                    "UPDATE bench SET c_int = c_int + 1, c_text = CONCAT(c_text, '+')", "INSERT INTO marker VALUES (1)"));
            assertThat(summary(sync.target(), "c_bool::int")).isEqualTo(summary(sync.source(), "c_bool"));
        }
    }

    @Test
    void postgresToMongo() throws Exception {
        try (MongoTarget mongo = MongoTarget.onDisk(); PostgresPipeline sync = PostgresPipeline.create(PostgresServer.shared(),
                "bench_pg_mongo", name -> new MongoSyncTarget(mongo, name))) {
            Rates rates = snapshotThenUpdates(sync, "bench_pg_mongo", "MongoDB");
            MongoSyncTarget target = (MongoSyncTarget) sync.targetSide();
            assertThat(mongoSummary(mongo, target.database())).as("count and sum(c_int) of the collection")
                    .isEqualTo(summary(sync.source(), "c_bool::int").subList(0, 2));

            int batch = BatchConfig.DEFAULT.maxRows(); // as the pipeline ran
            var raw = mongo.client().getDatabase(mongo.newDatabase("driver")).getCollection("bench");
            double insertMany = MongoDriverBaseline.insertManyRate(raw, ROWS, batch);
            double replace = MongoDriverBaseline.replaceRate(raw, ROWS, batch);
            double writer = WriterAlone.insertRate(new MongoWriterFactory().create(mongo.settings(mongo.newDatabase("wa")),
                    "writer_alone"), ROWS, batch);
            line("write ceiling: driver insertMany -> MongoDB", insertMany, 1.0);
            line("cdc-sync snapshot -> MongoDB vs insertMany", rates.snapshot(), rates.snapshot() / insertMany);
            line("cdc-sync writer alone (no capture) vs insertMany", writer, writer / insertMany);
            line("write ceiling: driver bulkWrite replaceOne(upsert)", replace, 1.0);
            line("cdc-sync streamed updates -> MongoDB vs bulkWrite", rates.streaming(), rates.streaming() / replace);
        }
    }

    @Test
    void postgresToCassandra() throws Exception {
        try (PostgresPipeline sync = PostgresPipeline.create(PostgresServer.shared(), "bench_pg_cassandra",
                SyncTarget.Kind.CASSANDRA)) {
            Rates rates = snapshotThenUpdates(sync, "bench_pg_cassandra", "Cassandra");
            CassandraSyncTarget target = (CassandraSyncTarget) sync.targetSide();
            assertThat(cassandraSummary(target.session(), target.keyspace())).as("count and sum(c_int) of the table")
                    .isEqualTo(summary(sync.source(), "c_bool::int").subList(0, 2));

            CqlSession session = CassandraServer.shared().sharedSession();
            String keyspace = CassandraServer.shared().newKeyspace("driver");
            CassandraDriverBaseline.createTable(session, keyspace);
            double inserts = CassandraDriverBaseline.insertRate(session, keyspace, ROWS, 0, 1);
            double updates = CassandraDriverBaseline.insertRate(session, keyspace, ROWS, 1, 2);
            double writer = WriterAlone.insertRate(new CassandraWriterFactory().create(new CassandraTargetSettings(
                    CassandraServer.shared().contactPoint(), CassandraServer.DATACENTER,
                    CassandraServer.shared().newKeyspace("wa")), "writer_alone"), ROWS, BatchConfig.DEFAULT.maxRows());
            line("write ceiling: driver async inserts -> Cassandra", inserts, 1.0);
            line("cdc-sync snapshot -> Cassandra vs driver", rates.snapshot(), rates.snapshot() / inserts);
            line("cdc-sync writer alone (no capture) vs driver", writer, writer / inserts);
            line("write ceiling: driver async inserts, all rows again", updates, 1.0);
            line("cdc-sync streamed updates -> Cassandra vs driver", rates.streaming(), rates.streaming() / updates);
        }
    }

    /** Counted page by page: one aggregate over a million rows outlasts Cassandra's own read timeout. */
    private static List<String> cassandraSummary(CqlSession session, String keyspace) {
        long count = 0;
        long sum = 0;
        for (var row : session.execute(SimpleStatement.newInstance("SELECT c_int FROM \"" + keyspace + "\".bench")
                .setPageSize(5000).setTimeout(java.time.Duration.ofSeconds(30)))) {
            count++;
            sum += row.getInt(0);
        }
        return List.of(String.valueOf(count), String.valueOf(sum));
    }

    private static List<String> mongoSummary(MongoTarget mongo, String database) {
        Document sums = mongo.client().getDatabase(database).getCollection("bench").aggregate(List.of(Aggregates.group(null,
                Accumulators.sum("n", 1), Accumulators.sum("c_int", "$c_int")))).first();
        return List.of(String.valueOf(((Number) sums.get("n")).longValue()), String.valueOf(((Number) sums.get("c_int")).longValue()));
    }

    /**
     * cdc-sync's rows per second (snapshot, streamed updates); the capture-only phase's CPU seconds per million streamed
     * changes (all processes, and its JVM's), and cdc-sync's JVM's.
     */
    private record Rates(double snapshot, double streaming, double captureCpu, double captureJvm, double syncJvm) {
    }

    /**
     * Fills the PostgreSQL source, then measures its snapshot and every row updated, by the capture baseline and by
     * cdc-sync into {@code target}; the baseline's slot is dropped before and after.
     */
    private static Rates snapshotThenUpdates(PostgresPipeline sync, String label, String target) throws Exception {
        fillPostgresSource(sync);
        String baseline = label + "_baseline";
        PostgresServer.shared().dropSlot("cdc_sync_" + baseline);
        Rates rates = run(new BenchScenario("PostgreSQL", target, sync,
                renamed(sync.config(List.of("bench", "marker"), EvolutionMode.LENIENT), baseline),
                "UPDATE bench SET c_int = c_int + 1, c_text = c_text || '+'", "INSERT INTO marker VALUES (1)"));
        PostgresServer.shared().dropSlot("cdc_sync_" + baseline);
        return rates;
    }

    private static final String BENCH_TABLE = """
            CREATE TABLE bench (id bigint PRIMARY KEY, c_int int, c_bigint bigint, c_text text,
              c_numeric numeric(12,2), c_ts timestamp, c_bool boolean)""";

    /** The PostgreSQL source's {@code bench} table (key + 6 mixed columns, {@link #ROWS} rows) and {@code marker}. */
    private static void fillPostgresSource(PostgresPipeline sync) throws Exception {
        sync.sourceSql(BENCH_TABLE, "CREATE TABLE marker (id int PRIMARY KEY)",
                "INSERT INTO bench SELECT g, g % 1000, g * 31, 'row number ' || g, g / 7.0, "
                        + "timestamp '2024-01-01' + g * interval '1 second', g % 2 = 0 FROM generate_series(1, " + ROWS + ") g",
                "VACUUM ANALYZE bench");
    }

    /** Snapshot, then every row updated, each measured for the capture baseline and for cdc-sync. */
    private static Rates run(BenchScenario s) throws Exception {
        CpuMeter cpu = cpuOf(s.sync());
        Path offsets = Files.createTempFile("baseline-offsets", ".dat");
        var start = cpu.sample();
        double captureSnapshot;
        try (CaptureBaseline baseline = new CaptureBaseline(s.baselineConfig(), offsets)) {
            captureSnapshot = baseline.secondsFor(ROWS, TIMEOUT_S);
        }
        var captured = cpu.sample();
        PipelineConfig config = s.sync().config(List.of("bench", "marker"), EvolutionMode.LENIENT);
        s.sync().start(config);
        double syncSnapshot = secondsUntilLoaded(s.sync(), ROWS);
        s.sync().stop();
        var synced = cpu.sample();

        s.sync().sourceSql(s.updateAll(), s.insertMarker());
        var updated = cpu.sample();
        double captureStreaming;
        try (CaptureBaseline baseline = new CaptureBaseline(s.baselineConfig(), offsets)) {
            captureStreaming = baseline.secondsFor(ROWS + 1, TIMEOUT_S);
        }
        var streamCaptured = cpu.sample();
        s.sync().start(config);
        double syncStreaming = secondsUntilWritten(s.sync().stats(), ROWS + 1);
        s.sync().awaitSame("marker");
        s.sync().stop();
        var streamSynced = cpu.sample();

        line("capture ceiling, " + s.title() + " snapshot (no-op consumer)", ROWS / captureSnapshot, 1.0,
                CpuMeter.perMillion(start, captured, ROWS));
        line("cdc-sync " + s.title() + " snapshot -> " + s.target() + snapshotHow(s), ROWS / syncSnapshot,
                captureSnapshot / syncSnapshot,
                CpuMeter.perMillion(captured, synced, ROWS));
        line("capture ceiling, " + s.title() + " streamed updates", ROWS / captureStreaming, 1.0,
                CpuMeter.perMillion(updated, streamCaptured, ROWS));
        line("cdc-sync " + s.title() + " streamed updates -> " + s.target(), ROWS / syncStreaming,
                captureStreaming / syncStreaming, CpuMeter.perMillion(streamCaptured, streamSynced, ROWS));
        return new Rates(ROWS / syncSnapshot, ROWS / syncStreaming, CpuMeter.totalPerMillion(updated, streamCaptured, ROWS),
                CpuMeter.perMillionOf(updated, streamCaptured, ROWS, "jvm"),
                CpuMeter.perMillionOf(streamCaptured, streamSynced, ROWS, "jvm"));
    }

    /** How cdc-sync's snapshot ran, for the report: a PostgreSQL source loads with COPY unless told otherwise. */
    private static String snapshotHow(BenchScenario s) {
        return s.sync() instanceof PostgresPipeline && !s.target().equals("MongoDB") ? " (COPY load)" : "";
    }

    /** The pipeline's settings under another name, for the capture baseline: Debezium's snapshot is what it measures. */
    private static PipelineConfig renamed(PipelineConfig c, String name) {
        dev.cdcsync.core.config.SourceSettings source = c.source() instanceof dev.cdcsync.connector.source.PostgresSourceSettings pg
                ? pg.withSnapshotMethod("debezium") : c.source();
        return new PipelineConfig(name, source, c.target(), c.routes(), c.schemaEvolution(), c.deletes(), c.batch(), c.errors());
    }

    /** Seconds from the pipeline's first event until {@code rows} changes are committed in the target. */
    private static double secondsUntilWritten(PipelineStats stats, long rows) throws InterruptedException {
        long first = firstEventWhenWritten(stats, rows); // before the clock is read
        return (System.nanoTime() - first) / 1e9;
    }

    /**
     * Seconds from the pipeline's first event until {@code rows} snapshot rows are committed in the target and, in a
     * PostgreSQL target, the table {@code bench} has its primary key: the writer builds it after a load's rows, and
     * its time counts.
     */
    private static double secondsUntilLoaded(dev.cdcsync.it.harness.SyncFixture sync, long rows) throws Exception {
        long first = firstEventWhenWritten(sync.stats(), rows);
        if (sync.targetSide() instanceof dev.cdcsync.it.harness.PostgresSyncTarget) {
            awaitPrimaryKey(sync.target(), "bench");
        }
        return (System.nanoTime() - first) / 1e9;
    }

    /** Waits until {@code rows} changes are committed in the target; returns when the pipeline's first event came. */
    private static long firstEventWhenWritten(PipelineStats stats, long rows) throws InterruptedException {
        long first = 0;
        long deadline = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (stats.changesWritten() < rows) {
            if (first == 0 && stats.eventsReceived() > 0) {
                first = System.nanoTime();
            }
            assertThat(System.nanoTime()).as("cdc-sync wrote %d of %d", stats.changesWritten(), rows).isLessThan(deadline);
            peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            Thread.sleep(2);
        }
        return first;
    }

    private static void awaitPrimaryKey(Connection target, String table) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT_S * 1_000_000_000L;
        while (PostgresServer.primaryKey(target, table).isEmpty()) {
            assertThat(System.nanoTime()).as("the target's %s has its primary key", table).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Row count and column sums, comparable across MariaDB and PostgreSQL. */
    private static List<String> summary(Connection c, String bool) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(c_int), sum(c_bigint),"
                + " sum(length(c_text)), sum(c_numeric), sum(" + bool + ") FROM bench")) {
            rs.next();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                out.add(new java.math.BigDecimal(rs.getString(i)).stripTrailingZeros().toPlainString());
            }
            return out;
        }
    }

    /** COPY of the same rows into an empty table of the same shape in the target: the write ceiling. */
    private static double copySeconds(Connection source, Connection target) throws Exception {
        try (var st = target.createStatement()) {
            st.execute("CREATE TABLE bench_copy (LIKE bench INCLUDING ALL)");
        }
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        long start = System.nanoTime();
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            try (out) {
                return source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY bench TO STDOUT (FORMAT binary)", out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long copied = target.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy FROM STDIN (FORMAT binary)", in);
        reader.join();
        assertThat(copied).isEqualTo(ROWS);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void line(String label, double rate, double ratio) {
        line(label, rate, ratio, "");
    }

    private static void line(String label, double rate, double ratio, String cpu) {
        REPORT.add(String.format("%-52s %,12.0f %11.0f%%   %s", label, rate, ratio * 100, cpu));
    }

    /** This JVM and the scenario's servers (one entry when source and target share a PostgreSQL server). */
    private static CpuMeter cpuOf(dev.cdcsync.it.harness.SyncFixture sync) throws Exception {
        CpuMeter cpu = new CpuMeter();
        long source = sync instanceof MariaDbPipeline ? CpuMeter.mariaDbOf(sync.source()) : CpuMeter.postmasterOf(sync.source());
        Long target = sync.targetSide() instanceof dev.cdcsync.it.harness.PostgresSyncTarget
                ? CpuMeter.postmasterOf(sync.target()) : null;
        if (target != null && target == source) {
            return cpu.server("postgres(src+dst)", source);
        }
        cpu.server(sync instanceof MariaDbPipeline ? "mariadb" : "postgres(src)", source);
        return target == null ? cpu : cpu.server("postgres(dst)", target);
    }
}
