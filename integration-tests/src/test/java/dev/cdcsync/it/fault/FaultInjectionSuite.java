package dev.cdcsync.it.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CdcSyncProcess;
import dev.cdcsync.it.harness.TableRows;
import dev.cdcsync.it.harness.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Crash safety, proven: while a {@link Workload} changes the source (multi-table transactions,
 * deletes, a table without a key, DDL), the daemon, a separate JVM started from the shipped jar, is
 * killed with SIGKILL again and again: mid-snapshot, while the target runs a schema change (held by a
 * lock), right after one reached the target, at random, and after each of the faults it must ride out by itself (target and source restarts,
 * network blips on either link, which must not stop it). At the end every target table must equal its
 * source table row for row: nothing lost, nothing doubled. Source and target are the parameters: one
 * subclass per source type, and {@link #target()} for the target (PostgreSQL, MongoDB, Cassandra).
 */
public abstract class FaultInjectionSuite {

    /** What happens to the daemon's world in one run, before it is killed. */
    enum Fault { MID_SNAPSHOT, AT_RANDOM, MID_DDL, IN_DDL, TARGET_RESTART, SOURCE_RESTART, TARGET_BLIP, SOURCE_BLIP }

    /** Every fault, in this order: the plan with a PostgreSQL target. */
    static final List<Fault> EVERY_FAULT = List.of(Fault.MID_SNAPSHOT, Fault.AT_RANDOM, Fault.MID_DDL,
            Fault.TARGET_RESTART, Fault.SOURCE_RESTART, Fault.TARGET_BLIP, Fault.IN_DDL, Fault.SOURCE_BLIP,
            Fault.TARGET_RESTART, Fault.SOURCE_RESTART, Fault.AT_RANDOM);
    /**
     * For another target: the faults that reach the target's side. The source's own restarts and link cuts play out
     * the same whatever the target, and the PostgreSQL-target plan has them; each fault once (this keeps the suite
     * inside CI's time: the four suites of this plan take about 11 minutes).
     */
    static final List<Fault> TARGET_FAULTS = List.of(Fault.MID_SNAPSHOT, Fault.AT_RANDOM, Fault.MID_DDL,
            Fault.TARGET_RESTART, Fault.TARGET_BLIP, Fault.IN_DDL);

    private List<Fault> plan;

    private final Map<Fault, Integer> survived = new EnumMap<>(Fault.class);
    private Random random;
    private FaultSource source;
    private FaultTarget target;
    private TcpProxy sourceLink;
    private TcpProxy targetLink;
    private Workload workload;
    /** A schema change the target holds back (IN_DDL) until the daemon that sent it has been killed. */
    private AutoCloseable heldSchemaChange;

    /** A new source database holding the workload's tables, filled. */
    protected abstract FaultSource source(String name) throws Exception;

    /** A new, empty target. */
    protected FaultTarget target() throws Exception {
        return new PostgresFaultTarget();
    }

    /** One run per fault, in this order; {@code -Dfault.plan=MID_SNAPSHOT,AT_RANDOM} runs another plan. */
    protected List<Fault> plan() {
        return EVERY_FAULT;
    }

    @Test
    void survivesKillsRestartsAndNetworkBlipsWithNothingLostOrDoubled() throws Exception {
        plan = System.getProperty("fault.plan") != null
                ? java.util.Arrays.stream(System.getProperty("fault.plan").split(",")).map(Fault::valueOf).toList()
                : plan();
        long seed = Long.getLong("fault.seed", System.nanoTime());
        random = new Random(seed);
        System.out.printf("fault injection: seed %d (rerun with -Dfault.seed=%d)%n", seed, seed);
        Path dir = Files.createDirectories(Path.of("target", "fault-logs", getClass().getSimpleName()));
        source = source(getClass().getSimpleName().toLowerCase().replace("faultinjectionit", "") + "_fault");
        try (FaultTarget t = target(); TcpProxy s = new TcpProxy(source.port()); TcpProxy l = new TcpProxy(t.port())) {
            target = t;
            sourceLink = s;
            targetLink = l;
            Path config = Files.writeString(dir.resolve("pipelines.yaml"), yaml());
            workload = new Workload(source, random.nextLong());
            Thread writer = new Thread(workload, "workload");
            writer.setDaemon(true); // a failed run must not keep the test JVM alive
            writer.start();
            for (int run = 0; run < plan.size(); run++) {
                Fault fault = plan.get(run);
                Path log = dir.resolve("daemon-" + run + ".log");
                Process daemon = CdcSyncProcess.start(log, Map.of(), "run", "--config", config.toString());
                long started = System.nanoTime();
                String what;
                try {
                    what = inject(fault);
                    assertThat(daemon.isAlive()).as("the daemon stopped by itself in run %d (%s):%n%s", run, fault,
                            tail(log)).isTrue();
                } finally {
                    daemon.destroyForcibly(); // SIGKILL; also when the run failed, so that no daemon outlives the test
                }
                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
                if (heldSchemaChange != null) {
                    heldSchemaChange.close();
                    heldSchemaChange = null;
                }
                if (!what.equals(OUTRAN)) { // a kill that came after the snapshot proves nothing about snapshots
                    survived.merge(fault, 1, Integer::sum);
                }
                System.out.printf("run %d: %s; SIGKILL after %d ms; target has %d ledger rows%n", run, what,
                        (System.nanoTime() - started) / 1_000_000, target.count("ledger"));
            }
            workload.stop();
            writer.join();
            assertThat(workload.failure()).as("workload").isNull();
            long rows = converge(dir.resolve("daemon-final.log"), config);
            System.out.printf("fault injection: %d SIGKILLs survived %s; %d transactions; %d rows compared, all equal%n",
                    survived.values().stream().mapToInt(Integer::intValue).sum(), survived, workload.transactions(), rows);
        }
    }

    private static final String OUTRAN = "the snapshot outran the kill (not counted as a mid-snapshot kill)";

    /** Does one run's fault and waits as it says; returns what happened, for the report. */
    private String inject(Fault fault) throws Exception {
        if (fault == Fault.MID_SNAPSHOT) {
            assertThat(Await.condition(Duration.ofSeconds(90), () -> target.count("ledger") > 0)).isTrue();
            long landed = target.count("ledger");
            return landed < Workload.OPENING_LEDGER ? "killed mid-snapshot (" + landed + " opening ledger rows landed)"
                    : OUTRAN;
        }
        assertThat(Await.condition(Duration.ofSeconds(120), () -> target.count("ledger") >= Workload.OPENING_LEDGER))
                .as("the snapshot completes").isTrue();
        // Faults land while this daemon streams, not while it is still starting.
        long atStart = target.count("ledger");
        assertThat(Await.condition(Duration.ofSeconds(90), () -> target.count("ledger") > atStart))
                .as("the daemon streams").isTrue();
        switch (fault) {
            case AT_RANDOM -> {
                workload.widenOrderState();
                Thread.sleep(1500 + random.nextInt(6000));
                return "killed at random";
            }
            case MID_DDL -> {
                Thread.sleep(500 + random.nextInt(2000));
                return "killed as the target got the new column accounts." + awaitColumn(workload.addColumn());
            }
            case IN_DDL -> {
                Thread.sleep(500 + random.nextInt(2000));
                heldSchemaChange = target.holdSchemaChanges("accounts");
                String column = workload.addColumn();
                if (heldSchemaChange == null) { // a target without schema changes: as MID_DDL
                    return "killed as the target got the new column accounts." + awaitColumn(column);
                }
                assertThat(Await.condition(Duration.ofSeconds(60), () -> target.schemaChangeWaiting("accounts")))
                        .as("the target is asked to add accounts.%s", column).isTrue();
                return "killed while the target ran ALTER TABLE accounts ADD COLUMN " + column;
            }
            case TARGET_RESTART -> target.restart(2000 + random.nextInt(2000));
            case SOURCE_RESTART -> source.restart();
            case TARGET_BLIP -> blip(targetLink);
            case SOURCE_BLIP -> blip(sourceLink);
            default -> throw new IllegalStateException(fault.name());
        }
        long afterFault = target.count("ledger");
        assertThat(Await.condition(Duration.ofSeconds(90), () -> target.count("ledger") > afterFault))
                .as("the pipeline carries on by itself after %s", fault).isTrue();
        Thread.sleep(random.nextInt(2000));
        return fault + ", the pipeline carried on by itself";
    }

    /** Waits (polling closely) until the target has the column; returns it. */
    private String awaitColumn(String column) throws InterruptedException {
        long asked = System.nanoTime();
        while (!target.hasColumn("accounts", column)) {
            assertThat(System.nanoTime() - asked).as("accounts.%s reaches the target", column)
                    .isLessThan(TimeUnit.SECONDS.toNanos(60));
            Thread.sleep(5);
        }
        return column;
    }

    private void blip(TcpProxy link) throws InterruptedException {
        Thread.sleep(1000 + random.nextInt(2000));
        long down = 2000 + random.nextInt(2000);
        link.blip(down);
        Thread.sleep(down);
    }

    /** Runs the daemon until every table equals its source; returns the number of rows compared. */
    private long converge(Path log, Path config) throws Exception {
        Process last = CdcSyncProcess.start(log, Map.of(), "run", "--config", config.toString());
        long rows = 0;
        try (Connection src = source.connect()) {
            for (String table : Workload.TABLES) {
                Await.until(Duration.ofMinutes(3), () -> {
                    TableRows expected = TableRows.read(src, table);
                    TableRows actual = target.rows(table);
                    assertThat(actual.equals(expected)).as("%s after %d kills: %s; daemon log:%n%s", table, plan.size(),
                            actual.differenceFrom(expected), tail(log)).isTrue();
                });
                rows += target.rows(table).size();
            }
        } finally {
            last.destroy();
        }
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(tail(log)).isZero();
        return rows;
    }

    private String yaml() {
        String routes = target.keylessTables() ? "" : "    routes: [{from: " + source.qualify("ledger") + ", key: [entry]}]\n";
        return "http: {listen: \"127.0.0.1:0\"}\npipelines:\n  - name: fault\n" + source.yaml(Workload.TABLES, sourceLink.port()) + target.yaml(targetLink.port())
                + routes + """
                    batch: { max-rows: 500 }
                    errors: { retry: { max-attempts: 40, max-backoff: 2s } }
                """;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
