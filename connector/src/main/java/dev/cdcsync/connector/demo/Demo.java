package dev.cdcsync.connector.demo;

import dev.cdcsync.connector.daemon.Daemon;
import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.pipeline.PipelineStats;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded default: a real PostgreSQL from Maven artifacts holding a source database {@code shop}
 * and a target database {@code shop_replica}, one pipeline between them, a workload, and a
 * per-table comparison at the end.
 */
public final class Demo {

    private static final long CATCH_UP_TIMEOUT_MS = 60_000;

    private final int seconds;
    private final PrintStream out;

    public Demo(int seconds, PrintStream out) {
        this.seconds = seconds;
        this.out = out;
    }

    public boolean run() throws Exception {
        out.println("starting an embedded PostgreSQL (first run unpacks its binaries)...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .start()) {
            try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE shop");
                st.execute("CREATE DATABASE shop_replica");
            }
            String sourceUrl = pg.getJdbcUrl("postgres", "shop");
            String targetUrl = pg.getJdbcUrl("postgres", "shop_replica");
            try (Connection source = DriverManager.getConnection(sourceUrl, "postgres", "");
                 Connection target = DriverManager.getConnection(targetUrl, "postgres", "")) {
                DemoShop.create(source);
                out.printf("source database shop: %s created and filled%n", DemoShop.TABLES);
                try (Daemon daemon = new Daemon(config(pg.getPort()))) {
                    daemon.start();
                    PipelineStats stats = daemon.pipeline("demo").stats();
                    awaitEqual(source, target, "snapshot");
                    out.printf("snapshot done: %d rows copied%n", stats.snapshotRows());
                    workload(source, stats);
                    awaitEqual(source, target, "catch-up");
                    return report(source, target);
                }
            }
        }
    }

    private SyncConfig config(int port) {
        var sourceSettings = new PostgresSourceSettings("localhost", port, "shop", "postgres", new Secret(""),
                DemoShop.TABLES.stream().map(t -> "public." + t).toList(), "initial", null, null, null, Map.of());
        var targetSettings = new PostgresTargetSettings("jdbc:postgresql://localhost:" + port + "/shop_replica",
                "postgres", new Secret(""), "public");
        var pipeline = new PipelineConfig("demo", sourceSettings, targetSettings, List.of(), null, null,
                BatchConfig.DEFAULT, ErrorsConfig.DEFAULT);
        return new SyncConfig(List.of(pipeline));
    }

    private void workload(Connection source, PipelineStats stats) throws SQLException, InterruptedException {
        out.printf("running inserts, updates and deletes for %d s...%n", seconds);
        long end = System.currentTimeMillis() + seconds * 1000L;
        long nextReport = System.currentTimeMillis() + 1000;
        long made = 0;
        long transactions = 0;
        while (System.currentTimeMillis() < end) {
            made += DemoShop.step(source);
            transactions++;
            Thread.sleep(2);
            if (System.currentTimeMillis() >= nextReport) {
                out.printf("  source: %,d changes in %,d transactions | cdc-sync: %,d changes applied, at %s%n",
                        made, transactions, stats.changesWritten(), stats.lastPosition());
                nextReport += 1000;
            }
        }
    }

    private void awaitEqual(Connection source, Connection target, String phase) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (compare(source, target).stream().allMatch(TableComparison::equal)) {
                return;
            }
            Thread.sleep(200);
        }
        out.printf("%s: target did not catch up within %d s%n", phase, CATCH_UP_TIMEOUT_MS / 1000);
    }

    private static List<TableComparison> compare(Connection source, Connection target) throws SQLException {
        List<TableComparison> result = new ArrayList<>();
        for (String t : DemoShop.TABLES) {
            if (!exists(target, t)) {
                result.add(new TableComparison(t, -1, -1, "", "missing"));
                continue;
            }
            result.add(TableComparison.of(source, t, target, t));
        }
        return result;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private boolean report(Connection source, Connection target) throws SQLException {
        List<TableComparison> rows = compare(source, target);
        out.println();
        out.printf("%-12s %12s %12s  %s%n", "table", "source rows", "target rows", "contents");
        for (TableComparison c : rows) {
            out.printf("%-12s %,12d %,12d  %s%n", c.table(), c.sourceRows(), c.targetRows(), c.equal() ? "identical" : "DIFFERENT");
        }
        boolean ok = rows.stream().allMatch(TableComparison::equal);
        out.println(ok ? "\nsource and target are identical." : "\nsource and target differ.");
        return ok;
    }
}
