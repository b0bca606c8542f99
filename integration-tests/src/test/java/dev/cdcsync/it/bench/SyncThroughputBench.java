package dev.cdcsync.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.demo.TableComparison;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.pipeline.PipelineStats;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * PostgreSQL -> PostgreSQL throughput, each figure beside its baseline measured in the same run:
 * the Debezium engine feeding a do-nothing consumer (capture ceiling) and COPY into the target
 * (write ceiling). Run: {@code ./mvnw -B -Pbench -pl integration-tests -am verify [-Dbench.rows=N]}.
 * The JVM runs with -Xmx512m, so finishing at all shows the heap bound.
 */
class SyncThroughputBench {

    private static final long ROWS = Long.getLong("bench.rows", 1_000_000);
    private static final long TIMEOUT_S = 1800;

    @Test
    void snapshotAndStreamingAgainstCaptureAndCopyCeilings() throws Exception {
        PostgresServer server = PostgresServer.start();
        try (server; PostgresPipeline sync = PostgresPipeline.create(server, "bench")) {
            sync.sourceSql("""
                    CREATE TABLE bench (id bigint PRIMARY KEY, c_int int, c_bigint bigint, c_text text,
                      c_numeric numeric(12,2), c_ts timestamp, c_bool boolean)""",
                    "CREATE TABLE marker (id int PRIMARY KEY)",
                    "INSERT INTO bench SELECT g, g % 1000, g * 31, 'row number ' || g, g / 7.0, "
                            + "timestamp '2024-01-01' + g * interval '1 second', g % 2 = 0 FROM generate_series(1, " + ROWS + ") g",
                    "VACUUM ANALYZE bench");
            List<String> tables = List.of("public.bench", "public.marker");
            PipelineConfig syncConfig = sync.config(tables, EvolutionMode.LENIENT);
            PipelineConfig baselineConfig = withName(sync.config(tables, EvolutionMode.LENIENT), "bench_baseline");
            Path offsets = Files.createTempFile("baseline-offsets", ".dat");
            server.dropSlot("cdc_sync_bench_baseline");

            double captureSnapshot;
            try (CaptureBaseline baseline = new CaptureBaseline(baselineConfig, offsets)) {
                captureSnapshot = baseline.secondsFor(ROWS, TIMEOUT_S);
            }
            sync.start(syncConfig);
            double syncSnapshot = secondsUntilWritten(sync.stats(), ROWS);
            sync.stop();

            sync.sourceSql("UPDATE bench SET c_int = c_int + 1, c_text = c_text || '+'", "INSERT INTO marker VALUES (1)");

            double captureStreaming;
            try (CaptureBaseline baseline = new CaptureBaseline(baselineConfig, offsets)) {
                captureStreaming = baseline.secondsFor(ROWS + 1, TIMEOUT_S);
            }
            sync.start(syncConfig);
            double syncStreaming = secondsUntilWritten(sync.stats(), ROWS + 1);
            long peakHeapMb = peakHeap >> 20;
            sync.awaitSame("marker");
            // Digests computed in PostgreSQL: a million rows do not fit a 512 MB test JVM as Java strings.
            TableComparison equal = TableComparison.of(sync.source(), "bench", sync.target(), "bench");
            assertThat(equal.equal()).as("target equals source after the run: %s", equal).isTrue();
            sync.stop();

            double copy = copySeconds(sync.source(), sync.target());
            double writerAlone = WriterAlone.insertRate(server.jdbcUrl(server.createDatabase("writer_alone")), ROWS,
                    syncConfig.batch().maxRows());
            server.dropSlot("cdc_sync_bench_baseline");
            report(captureSnapshot, syncSnapshot, captureStreaming, syncStreaming, copy, writerAlone, peakHeapMb);
        }
    }

    private static PipelineConfig withName(PipelineConfig c, String name) {
        return new PipelineConfig(name, c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(), c.batch(), c.errors());
    }

    /** The most heap in use seen while cdc-sync ran (sampled every 2 ms). */
    private static long peakHeap;

    /** Seconds from the pipeline's first event until {@code rows} changes are committed in the target. */
    private static double secondsUntilWritten(PipelineStats stats, long rows) throws InterruptedException {
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
        return (System.nanoTime() - first) / 1e9;
    }

    /** COPY of the same rows into an empty table of the same shape in the target: the write ceiling. */
    private static double copySeconds(Connection source, Connection target) throws Exception {
        try (var st = target.createStatement()) {
            st.execute("CREATE TABLE bench_copy (LIKE bench INCLUDING ALL)");
        }
        target.setAutoCommit(true);
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

    private static void report(double capSnap, double syncSnap, double capStream, double syncStream, double copy,
                               double writerAlone, long heapMb) {
        System.out.printf("%n=== cdc-sync benchmark: PostgreSQL -> PostgreSQL, %,d rows, 6 columns + key ===%n", ROWS);
        System.out.printf("%-44s %12s %12s%n", "measure", "rows/s", "vs ceiling");
        line("capture ceiling, snapshot (Debezium, no-op)", ROWS / capSnap, 1.0);
        line("cdc-sync snapshot (source -> target)", ROWS / syncSnap, capSnap / syncSnap);
        line("capture ceiling, streaming updates", ROWS / capStream, 1.0);
        line("cdc-sync streaming updates", ROWS / syncStream, capStream / syncStream);
        line("write ceiling: COPY source -> target", ROWS / copy, 1.0);
        line("cdc-sync snapshot vs COPY", ROWS / syncSnap, copy / syncSnap);
        line("cdc-sync writer alone (no capture) vs COPY", writerAlone, writerAlone * copy / ROWS);
        System.out.printf("peak heap in use while cdc-sync ran: %d MB (JVM max %d MB)%n%n", heapMb,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void line(String label, double rate, double ratio) {
        System.out.printf("%-44s %,12.0f %11.0f%%%n", label, rate, ratio * 100);
    }
}
