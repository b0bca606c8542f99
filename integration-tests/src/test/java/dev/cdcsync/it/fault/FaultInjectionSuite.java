package dev.cdcsync.it.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CdcSyncProcess;
import dev.cdcsync.it.harness.TableRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Crash safety, proven: while a workload changes the source (multi-table transactions, deletes, a
 * table without a key), the daemon, a separate JVM started from the shipped jar, is killed with
 * SIGKILL at random moments again and again, and the target server is restarted under it. At the
 * end every target table must equal its source table row for row: nothing lost, nothing doubled.
 * Source and target are the parameters: one subclass per source type, and {@link #target()} for the
 * target (PostgreSQL now; MongoDB and Cassandra writers must pass the same suite).
 */
public abstract class FaultInjectionSuite {

    static final List<String> TABLES = List.of("accounts", "orders", "ledger");
    private static final int KILLS = Integer.getInteger("fault.kills", 10);
    private static final int TARGET_RESTART_AT = KILLS / 2;
    private static final int SOURCE_RESTART_AT = KILLS / 2 + 2;
    /** Ledger rows the source holds before the pipeline first starts. */
    private static final int OPENING_ROWS = 10_000;

    /** Daemon logs and config stay in target/ for a look after a failure. */
    private Path dir;

    /** A new source database holding the three workload tables, filled. */
    protected abstract FaultSource source(String name) throws Exception;

    /** A new, empty target. */
    protected FaultTarget target() throws Exception {
        return new PostgresFaultTarget();
    }

    @Test
    void survivesRepeatedSigkillsAndATargetRestartWithNothingLostOrDoubled() throws Exception {
        long seed = Long.getLong("fault.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.printf("fault injection: seed %d (rerun with -Dfault.seed=%d)%n", seed, seed);
        dir = Files.createDirectories(Path.of("target", "fault-logs", getClass().getSimpleName()));
        FaultSource source = source(getClass().getSimpleName().toLowerCase().replace("faultinjectionit", "") + "_fault");
        try (FaultTarget target = target()) {
            Path config = Files.writeString(dir.resolve("pipelines.yaml"), yaml(source, target));
            Workload workload = new Workload(source, random.nextLong());
            Thread writer = new Thread(workload, "workload");
            writer.start();
            int kills = 0;
            int sourceRestarts = 0;
            for (int run = 0; run < KILLS; run++) {
                Path log = dir.resolve("daemon-" + run + ".log");
                Process daemon = CdcSyncProcess.start(log, Map.of(), "run", "--config", config.toString());
                long started = System.nanoTime();
                if (run == 0) {
                    // The first run lives until the snapshot has landed, so the later kills land mid-stream.
                    Await.condition(Duration.ofSeconds(90), () -> target.count("ledger") >= OPENING_ROWS);
                }
                Thread.sleep(1500 + random.nextInt(6000));
                if (run == TARGET_RESTART_AT) {
                    target.restart(2000 + random.nextInt(2000));
                    Thread.sleep(random.nextInt(3000));
                }
                if (run == SOURCE_RESTART_AT && source.restart()) {
                    sourceRestarts++;
                    Thread.sleep(3000 + random.nextInt(3000));
                }
                daemon.destroyForcibly(); // SIGKILL
                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
                kills++;
                List<String> lines = Files.readAllLines(log);
                System.out.printf("run %d: SIGKILL after %d ms%s; %d write retries logged; target has %d ledger rows%n", run,
                        (System.nanoTime() - started) / 1_000_000, run == TARGET_RESTART_AT ? " (target restarted meanwhile)"
                                : run == SOURCE_RESTART_AT && sourceRestarts > 0 ? " (source restarted meanwhile)" : "",
                        lines.stream().filter(l -> l.contains("retrying in")).count(), target.count("ledger"));
            }
            workload.stop();
            writer.join();
            assertThat(workload.failure()).as("workload").isNull();

            Process last = CdcSyncProcess.start(dir.resolve("daemon-final.log"), Map.of(), "run", "--config", config.toString());
            long rows = 0;
            try (Connection src = source.connect()) {
                for (String table : TABLES) {
                    Await.until(Duration.ofMinutes(3), () -> assertThat(target.rows(table))
                            .as("%s after %d kills, daemon log:%n%s", table, KILLS, tail(dir.resolve("daemon-final.log")))
                            .isEqualTo(TableRows.read(src, table)));
                    rows += target.rows(table).size();
                }
            } finally {
                last.destroy();
            }
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(tail(dir.resolve("daemon-final.log"))).isZero();
            System.out.printf("fault injection: %d SIGKILLs, 1 target restart and %d source restarts survived; %d transactions;"
                    + " %d rows compared, all equal%n", kills, sourceRestarts, workload.transactions(), rows);
        }
    }

    private static String yaml(FaultSource source, FaultTarget target) {
        return "pipelines:\n  - name: fault\n" + source.yaml(TABLES) + target.yaml() + """
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

    /** Random transactions over the three tables until stopped; rides out a source restart by reconnecting. */
    static final class Workload implements Runnable {
        private final FaultSource source;
        private final Random random;
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile Exception failure;
        private volatile int transactions;
        private int nextOrder = 100_000;
        private int reconnects;

        Workload(FaultSource source, long seed) {
            this.source = source;
            this.random = new Random(seed);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Connection c = source.connect(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        transaction(st);
                        c.commit();
                        transactions++;
                        Thread.sleep(2);
                    }
                } catch (java.sql.SQLException e) {
                    if (++reconnects > 100) {
                        failure = e;
                        return;
                    }
                    sleepQuietly(200); // the source is restarting: reconnect
                } catch (Exception e) {
                    failure = e;
                    return;
                }
            }
        }

        private void transaction(Statement st) throws java.sql.SQLException {
            int account = 1 + random.nextInt(1000);
            int amount = 1 + random.nextInt(100);
            int order = nextOrder++;
            st.executeUpdate("INSERT INTO orders VALUES (" + order + ", " + account + ", " + amount + ", 'new')");
            st.executeUpdate("UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + account);
            st.executeUpdate("INSERT INTO ledger VALUES ('order " + order + "', " + amount + ")");
            if (random.nextInt(4) == 0) {
                st.executeUpdate("DELETE FROM orders WHERE id = " + (1 + random.nextInt(5000)));
            }
            if (random.nextInt(5) == 0) {
                st.executeUpdate("UPDATE orders SET state = 'paid' WHERE id = " + (order - random.nextInt(50)));
            }
        }

        private static void sleepQuietly(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stop.set(true);
        }

        Exception failure() {
            return failure;
        }

        int transactions() {
            return transactions;
        }
    }

    /** Portable DDL and data for the workload's tables. */
    static void createTables(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL, note varchar(40))");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, account_id int NOT NULL, amount int NOT NULL, state varchar(10))");
            st.execute("CREATE TABLE ledger (entry varchar(40), amount int)");
            StringBuilder accounts = new StringBuilder("INSERT INTO accounts VALUES ");
            for (int i = 1; i <= 1000; i++) {
                accounts.append(i > 1 ? "," : "").append("(").append(i).append(", 10000, 'account ").append(i).append("')");
            }
            st.execute(accounts.toString());
            for (int block = 0; block < 10; block++) {
                StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
                StringBuilder ledger = new StringBuilder("INSERT INTO ledger VALUES ");
                for (int i = 1; i <= 1000; i++) {
                    int id = block * 1000 + i;
                    orders.append(i > 1 ? "," : "").append("(").append(id).append(", ").append(1 + id % 1000).append(", ")
                            .append(id % 97).append(", 'new')");
                    ledger.append(i > 1 ? "," : "").append("('opening ").append(id).append("', ").append(id % 97).append(")");
                }
                st.execute(orders.toString());
                st.execute(ledger.toString());
            }
        }
    }
}
