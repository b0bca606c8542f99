package dev.cdcsync.it.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real single-node Cassandra 5.0 for the test run: {@code cassandra-all} and its dependencies from Maven artifacts,
 * in a JVM of its own (JDK 17: Cassandra 5 does not start on newer ones), data in a temporary directory, every port
 * free and on loopback. Started once per test run and shared; each test uses its own keyspace. Where a Docker engine
 * runs, {@link #container()} is the {@code cassandra:5} image instead.
 */
public final class CassandraServer {

    public static final String VERSION = "5.0.9";
    public static final String DATACENTER = "datacenter1";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    /** The JDK 17 module openings Cassandra ships in conf/jvm17-server.options (not in the jar, so carried here). */
    private static final List<String> JDK17_OPTIONS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    private static CassandraServer shared;
    private static CassandraServer container;

    private final Runnable stop;
    private final String host;
    private final int cqlPort;
    private final String datacenter;
    /** How to start this server's JVM again on the same data and ports; null for a container. */
    private final ProcessBuilder launcher;
    private final Path dir;
    private Process process;
    private CqlSession sharedSession;

    private CassandraServer(Runnable stop, String host, int cqlPort, String datacenter) {
        this(stop, host, cqlPort, datacenter, null, null);
    }

    private CassandraServer(Runnable stop, String host, int cqlPort, String datacenter, ProcessBuilder launcher, Path dir) {
        this.stop = stop;
        this.host = host;
        this.cqlPort = cqlPort;
        this.datacenter = datacenter;
        this.launcher = launcher;
        this.dir = dir;
    }

    /** The {@code cassandra:5} image through Testcontainers: only where {@link MySqlContainerServer#dockerAvailable()}. */
    public static synchronized CassandraServer container() {
        if (container == null) {
            // A plain container: Testcontainers' Cassandra module pulls a driver artifact Maven Central does not have.
            var image = new org.testcontainers.containers.GenericContainer<>("cassandra:5").withExposedPorts(9042)
                    .waitingFor(org.testcontainers.containers.wait.strategy.Wait
                            .forLogMessage(".*Starting listening for CQL clients.*", 1).withStartupTimeout(STARTUP));
            image.start();
            container = new CassandraServer(image::stop, image.getHost(), image.getMappedPort(9042), DATACENTER);
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        }
        return container;
    }

    public static synchronized CassandraServer shared() {
        if (shared == null) {
            // Ports are picked free and then handed to Cassandra: another process (an outgoing connection's ephemeral
            // port) may take one in between, and Cassandra exits. Such a start is tried again on fresh ports.
            for (int attempt = 1; shared == null; attempt++) {
                try {
                    shared = start();
                } catch (Exception e) {
                    if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("exited")) {
                        throw new IllegalStateException("cannot start Cassandra " + VERSION + ": " + e.getMessage(), e);
                    }
                    System.err.println("Cassandra did not start (" + e.getMessage() + "); trying again on other ports");
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static CassandraServer start() throws Exception {
        List<Path> classpath = MavenArtifacts.runtimeClasspath("org.apache.cassandra:cassandra-all:" + VERSION);
        Path jamm = classpath.stream().filter(p -> p.getFileName().toString().startsWith("jamm-")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no jamm jar among Cassandra's dependencies"));
        Path dir = Files.createTempDirectory("cdc-sync-cassandra");
        int storage = freePort();
        int cql = freePort();
        Path yaml = dir.resolve("cassandra.yaml");
        Files.writeString(yaml, yaml(dir, storage, freePort(), cql));
        List<String> command = new ArrayList<>(List.of(java17(), "-Xms256m", "-Xmx1g", "-javaagent:" + jamm,
                "-Dcassandra.config=" + yaml.toUri(), "-Dcassandra-foreground=yes", "-Dcassandra.storagedir=" + dir,
                "-Dcassandra.jmx.local.port=" + freePort(), "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0", "-Dcassandra.superuser_setup_delay_ms=0", "-Djdk.attach.allowAttachSelf=true",
                "-Dio.netty.tryReflectionSetAccessible=true"));
        command.addAll(JDK17_OPTIONS);
        command.addAll(List.of("-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(":")),
                "org.apache.cassandra.service.CassandraDaemon"));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cassandra.log").toFile()));
        CassandraServer[] server = new CassandraServer[1];
        server[0] = new CassandraServer(() -> stop(server[0].process), "127.0.0.1", cql, DATACENTER, launcher, dir);
        server[0].launch();
        return server[0];
    }

    private void launch() throws Exception {
        process = launcher.start();
        awaitCql(process, dir);
    }

    /**
     * Stops this server (SIGTERM: it flushes and stops), waits {@code downMillis}, and starts it again on the same data
     * and ports; returns once it takes CQL. Sessions open on it reconnect by themselves.
     */
    public synchronized void restart(long downMillis) throws Exception {
        if (launcher == null) {
            throw new UnsupportedOperationException("a container is not restarted here");
        }
        stop(process);
        Thread.sleep(downMillis);
        launch();
    }

    private void awaitCql(Process process, Path dir) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Cassandra JVM exited (" + process.exitValue() + "); its log: "
                        + dir.resolve("cassandra.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", cqlPort), 500);
                try (CqlSession session = session()) {
                    session.execute("SELECT release_version FROM system.local");
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Cassandra did not accept CQL within " + STARTUP.toSeconds() + " s; its log: "
                + dir.resolve("cassandra.log"));
    }

    /** A JDK 17 {@code java}: this JVM's when it is one, else one under /usr/lib/jvm. */
    private static String java17() throws IOException {
        if (Runtime.version().feature() == 17) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> p.getFileName().toString().contains("17")).map(p -> p.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst().map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("Cassandra 5 needs a JDK 17; none under /usr/lib/jvm"));
        }
    }

    private static String yaml(Path dir, int storage, int sslStorage, int cql) {
        return """
                cluster_name: cdc-sync-test
                num_tokens: 1
                initial_token: 0
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:%d"
                listen_address: 127.0.0.1
                rpc_address: 127.0.0.1
                storage_port: %d
                ssl_storage_port: %d
                native_transport_port: %d
                endpoint_snitch: SimpleSnitch
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                data_file_directories: [%s]
                commitlog_directory: %s
                saved_caches_directory: %s
                hints_directory: %s
                cdc_raw_directory: %s
                authenticator: AllowAllAuthenticator
                authorizer: AllowAllAuthorizer
                auto_snapshot: false
                """.formatted(storage, storage, sslStorage, cql, dir.resolve("data"), dir.resolve("commitlog"),
                dir.resolve("saved_caches"), dir.resolve("hints"), dir.resolve("cdc_raw"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String contactPoint() {
        return host + ":" + cqlPort;
    }

    public String datacenter() {
        return datacenter;
    }

    public CqlSession session() {
        // Tests count whole tables, which Cassandra warns about on every query.
        var quiet = com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                .withBoolean(com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_LOG_WARNINGS, false).build();
        return CqlSession.builder().addContactPoint(new InetSocketAddress(host, cqlPort)).withLocalDatacenter(datacenter)
                .withConfigLoader(quiet).build();
    }

    /** One session for every test's reads (a session takes a second or two to open). */
    public synchronized CqlSession sharedSession() {
        if (sharedSession == null) {
            sharedSession = session();
        }
        return sharedSession;
    }

    /** A fresh keyspace name. */
    public String newKeyspace(String label) {
        return (label.replaceAll("[^A-Za-z0-9_]", "_") + "_" + KEYSPACES.incrementAndGet()).toLowerCase();
    }

    private void stop() {
        if (sharedSession != null) {
            sharedSession.close();
        }
        stop.run();
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: Cassandra drains and stops in a few seconds
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
