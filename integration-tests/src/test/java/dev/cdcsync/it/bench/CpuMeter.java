package dev.cdcsync.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the processes a benchmark phase runs on: this JVM (the engine, cdc-sync, the baselines) and each server's
 * whole process tree, read from {@code /proc} (Linux). A server's tree counts its own time, its live children's, and
 * what its exited children left in its {@code cutime}/{@code cstime} (PostgreSQL's backends come and go).
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times: 100 on Linux x86-64 (sysconf(_SC_CLK_TCK)). */
    private static final long TICK_NANOS = 10_000_000L;

    private final Map<String, Long> servers = new LinkedHashMap<>();

    /** Also measures the server {@code name} whose top process is {@code pid}. */
    CpuMeter server(String name, long pid) {
        servers.put(name, pid);
        return this;
    }

    /** PostgreSQL's postmaster: the parent of the backend serving {@code c}. */
    static long postmasterOf(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow().pid();
        }
    }

    /** MariaDB's server process, from its pid file. */
    static long mariaDbOf(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@pid_file")) {
            rs.next();
            return Long.parseLong(Files.readString(Path.of(rs.getString(1))).trim());
        }
    }

    /**
     * CPU nanoseconds so far: "jvm" and each server's name. Waits a second first: a backend whose connection just
     * closed is neither a live child nor yet in its parent's cutime until the parent reaps it (its time would vanish).
     */
    Map<String, Long> sample() throws InterruptedException {
        Thread.sleep(1000);
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("jvm", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
        servers.forEach((name, pid) -> out.put(name, treeNanos(pid)));
        return out;
    }

    /** CPU seconds per million changes between two samples, one entry per process, as {@code jvm 12.3, postgres 4.5}. */
    static String perMillion(Map<String, Long> before, Map<String, Long> after, long changes) {
        StringBuilder out = new StringBuilder();
        before.forEach((name, start) -> out.append(out.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format("%.1f", (after.get(name) - start) / 1e9 * 1_000_000 / changes)));
        return out.toString();
    }

    /** CPU seconds per million changes between two samples, of one process ({@code "jvm"} or a server's name). */
    static double perMillionOf(Map<String, Long> before, Map<String, Long> after, long changes, String name) {
        return (after.get(name) - before.get(name)) / 1e9 * 1_000_000 / changes;
    }

    /** CPU seconds per million changes between two samples, summed over every process measured. */
    static double totalPerMillion(Map<String, Long> before, Map<String, Long> after, long changes) {
        return before.keySet().stream().mapToDouble(name -> perMillionOf(before, after, changes, name)).sum();
    }

    private static long treeNanos(long pid) {
        long[] times = stat(pid);
        long total = (times[0] + times[1] + times[2] + times[3]) * TICK_NANOS;
        // Live children count their own time and their live descendants'; what they reaped is in their cutime/cstime.
        return total + ProcessHandle.of(pid).map(p -> p.children().mapToLong(c -> treeNanos(c.pid())).sum()).orElse(0L);
    }

    /** utime, stime, cutime, cstime of a process in clock ticks (zeros if it is gone). */
    private static long[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" "); // after "(comm) ": field 3 is f[0]
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }
}
