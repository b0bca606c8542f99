package dev.cdcsync.it.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Kafka Connect worker (distributed or standalone mode) in a JVM of its own, whose class path is Kafka Connect's alone
 * ({@code connect-runtime} and its dependencies, resolved from Maven artifacts): plugins come only from
 * {@code plugin.path}, as on a real deployment, so a class the plugin archive lacks or loads twice fails here.
 * It joins the shared broker of {@link KafkaConnectServer}.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    private static final String KAFKA = "4.1.1";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConnectWorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a worker in distributed mode, in {@code group}, with the cdc-sync plugin archive, unpacked, as its plugin path. */
    public static ConnectWorkerProcess start(Path archive, String group) throws Exception {
        return distributed(group, Map.of(), "CdcSyncSinkConnector", unpacked(archive));
    }

    /**
     * Starts a worker in distributed mode, in {@code group}, with these plugin directories and worker settings, once it
     * lists {@code awaitedPlugin}.
     */
    public static ConnectWorkerProcess distributed(String group, Map<String, String> settings, String awaitedPlugin,
                                                   Path... plugins) throws Exception {
        Path dir = Files.createTempDirectory("cdc-sync-connect-worker");
        int port = freePort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", KafkaConnectServer.shared().kafka().bootstrapServers());
        props.put("group.id", group);
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("config.storage.topic", group + "-configs");
        props.put("offset.storage.topic", group + "-offsets");
        props.put("status.storage.topic", group + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("plugin.path", java.util.Arrays.stream(plugins).map(Path::toString).collect(Collectors.joining(",")));
        props.put("offset.flush.interval.ms", "1000");
        props.put("consumer.metadata.max.age.ms", "1000");
        // A dead worker's tasks move within seconds (the defaults wait 5 minutes for it to come back, and 45 s
        // before its sink consumers leave the group).
        props.put("scheduled.rebalance.max.delay.ms", "5000");
        props.put("consumer.session.timeout.ms", "10000");
        props.put("consumer.heartbeat.interval.ms", "2000");
        // Secrets kept out of connector configs, as a deployment would: ${file:<path>:<key>}.
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.putAll(settings);
        Path properties = dir.resolve("worker.properties");
        Files.write(properties, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        return launch("org.apache.kafka.connect.cli.ConnectDistributed", dir, port, List.of(properties), awaitedPlugin);
    }

    /** A plugin directory holding the cdc-sync plugin archive, unpacked. */
    public static Path unpacked(Path archive) throws IOException {
        Path plugins = Files.createTempDirectory("cdc-sync-plugins");
        unzip(archive, plugins);
        return plugins;
    }

    /**
     * A plugin directory holding a connector from Maven (e.g. {@code io.debezium:debezium-connector-jdbc:<version>}) and
     * its runtime dependencies, less what Kafka Connect gives every plugin (its API and clients, SLF4J, Jackson).
     */
    public static Path installed(String coordinates) throws Exception {
        Path plugins = Files.createTempDirectory("connect-plugins");
        Path plugin = Files.createDirectories(plugins.resolve(coordinates.split(":")[1]));
        for (Path jar : MavenArtifacts.runtimeClasspath(coordinates)) {
            String path = jar.toString();
            // Kafka Connect's own class path has these; a second copy in the plugin clashes with it (Jackson's
            // modules, found by ServiceLoader across both loaders).
            if (!path.contains("/org/apache/kafka/") && !path.contains("/org/slf4j/") && !path.contains("/com/fasterxml/jackson/")) {
                Files.copy(jar, plugin.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return plugins;
    }

    /**
     * Starts a worker in standalone mode from a worker properties file as a user writes it, pointed at the shared
     * broker, a free loopback port, a plugin path holding the archive and an offsets file of its own; and the
     * connectors' properties files.
     */
    public static ConnectWorkerProcess standalone(Path archive, java.util.Properties worker, List<Path> connectors)
            throws Exception {
        Path dir = Files.createTempDirectory("cdc-sync-connect-standalone");
        int port = freePort();
        java.util.Properties props = new java.util.Properties();
        props.putAll(worker);
        props.setProperty("bootstrap.servers", KafkaConnectServer.shared().kafka().bootstrapServers());
        props.setProperty("listeners", "http://127.0.0.1:" + port);
        props.setProperty("plugin.path", unpacked(archive).toString());
        props.setProperty("offset.storage.file.filename", dir.resolve("offsets").toString());
        props.setProperty("consumer.metadata.max.age.ms", "1000");
        Path properties = dir.resolve("worker.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            props.store(out, "standalone worker");
        }
        List<Path> args = new ArrayList<>(List.of(properties));
        args.addAll(connectors);
        return launch("org.apache.kafka.connect.cli.ConnectStandalone", dir, port, args, "CdcSyncSinkConnector");
    }

    private static ConnectWorkerProcess launch(String main, Path dir, int port, List<Path> args, String awaitedPlugin)
            throws Exception {
        List<Path> jars = new ArrayList<>(MavenArtifacts.runtimeClasspath("org.apache.kafka:connect-runtime:" + KAFKA));
        jars.add(MavenArtifacts.runtimeClasspath("org.slf4j:slf4j-simple:1.7.36").get(0)); // the worker's log, for failures
        String classpath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
        Path log = dir.resolve("worker.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        // e.g. a profiler agent for a benchmark: -Dconnect.worker.jvm.args=-agentpath:...
        String extra = System.getProperty("connect.worker.jvm.args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, main));
        args.forEach(a -> command.add(a.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConnectWorkerProcess worker = new ConnectWorkerProcess(process, port, log);
        worker.awaitPlugin(awaitedPlugin);
        return worker;
    }

    /** Kills the worker's JVM at once (SIGKILL), as a machine that dies: its tasks move to the other workers. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitPlugin(String awaited) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Connect worker exited (" + process.exitValue() + "); its log: " + log);
            }
            try {
                if (get("/connector-plugins").contains(awaited)) {
                    return;
                }
            } catch (IOException | IllegalStateException notYet) {
                // REST not up, or its resources not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the Connect worker did not list " + awaited + " within " + STARTUP.toSeconds()
                + " s; its log: " + log);
    }

    public String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public String put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String patch(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public String post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public String delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The worker's id in Kafka Connect's status answers. */
    public String id() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive's directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
