package dev.cdcsync.it.fault;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Random source transactions over the three fault tables until stopped: multi-table transactions,
 * updates, deletes, a key-less table, and DDL between transactions when asked. Rides out a source
 * restart or a network blip by reconnecting.
 */
final class Workload implements Runnable {

    static final List<String> TABLES = List.of("accounts", "orders", "ledger");
    /** Rows each table holds before the pipeline first starts; the ledger's are many so a snapshot takes a while. */
    static final int ACCOUNTS = 1000;
    static final int OPENING_ORDERS = 10_000;
    static final int OPENING_LEDGER = 40_000;

    private final FaultSource source;
    private final Random random;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<String> pendingDdl = new ConcurrentLinkedQueue<>();
    private volatile Exception failure;
    private volatile int transactions;
    private volatile int columnsAdded;
    private volatile boolean stateWidened;
    private int nextOrder = 100_000;
    private int reconnects;

    Workload(FaultSource source, long seed) {
        this.source = source;
        this.random = new Random(seed);
    }

    /** Asks for a new column on {@code accounts}, which later updates fill; returns its name. */
    synchronized String addColumn() {
        String column = "extra_" + (columnsAdded + pendingDdl.size() + 1);
        pendingDdl.add("ALTER TABLE accounts ADD COLUMN " + column + " int");
        return column;
    }

    /** Asks for {@code orders.state} to be widened; later transactions write values only the wider type holds. */
    void widenOrderState() {
        pendingDdl.add(source.widenOrderStateSql());
    }

    @Override
    public void run() {
        while (!stop.get()) {
            try (Connection c = source.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    runPendingDdl(c, st);
                    transaction(st);
                    c.commit();
                    transactions++;
                    Thread.sleep(2);
                }
            } catch (SQLException e) {
                if (++reconnects > 200) {
                    failure = e;
                    return;
                }
                sleepQuietly(200); // the source restarts, or the link is down: reconnect
            } catch (Exception e) {
                failure = e;
                return;
            }
        }
    }

    private void runPendingDdl(Connection c, Statement st) throws SQLException {
        for (String ddl; (ddl = pendingDdl.peek()) != null; ) {
            st.execute(ddl);
            c.commit();
            pendingDdl.remove();
            if (ddl.contains("ADD COLUMN")) {
                columnsAdded++;
            } else {
                stateWidened = true;
            }
        }
    }

    private void transaction(Statement st) throws SQLException {
        int account = 1 + random.nextInt(ACCOUNTS);
        int amount = 1 + random.nextInt(100);
        int order = nextOrder++;
        st.executeUpdate("INSERT INTO orders VALUES (" + order + ", " + account + ", " + amount + ", 'new')");
        String extra = columnsAdded == 0 ? "" : ", extra_" + columnsAdded + " = " + amount;
        st.executeUpdate("UPDATE accounts SET balance = balance - " + amount + extra + " WHERE id = " + account);
        st.executeUpdate("INSERT INTO ledger VALUES ('order " + order + "', " + amount + ")");
        if (random.nextInt(4) == 0) {
            st.executeUpdate("DELETE FROM orders WHERE id = " + (1 + random.nextInt(OPENING_ORDERS / 2)));
        }
        if (random.nextInt(5) == 0) {
            String state = stateWidened && random.nextBoolean() ? "refunded in part" : "paid";
            st.executeUpdate("UPDATE orders SET state = '" + state + "' WHERE id = " + (order - random.nextInt(50)));
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

    /** Portable DDL and data for the workload's tables. */
    static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL, note varchar(40))");
            st.execute("CREATE TABLE orders (id int PRIMARY KEY, account_id int NOT NULL, amount int NOT NULL, state varchar(10))");
            st.execute("CREATE TABLE ledger (entry varchar(40), amount int)");
            StringBuilder accounts = new StringBuilder("INSERT INTO accounts VALUES ");
            for (int i = 1; i <= ACCOUNTS; i++) {
                accounts.append(i > 1 ? "," : "").append("(").append(i).append(", 10000, 'account ").append(i).append("')");
            }
            st.execute(accounts.toString());
            insertBlocks(st, OPENING_ORDERS, id -> "(" + id + ", " + (1 + id % ACCOUNTS) + ", " + id % 97 + ", 'new')", "orders");
            insertBlocks(st, OPENING_LEDGER, id -> "('opening " + id + "', " + id % 97 + ")", "ledger");
        }
    }

    private static void insertBlocks(Statement st, int rows, java.util.function.IntFunction<String> row, String table)
            throws SQLException {
        for (int first = 1; first <= rows; first += 1000) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int id = first; id < first + 1000 && id <= rows; id++) {
                sql.append(id > first ? "," : "").append(row.apply(id));
            }
            st.execute(sql.toString());
        }
    }
}
