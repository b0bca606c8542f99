package dev.cdcsync.connector.daemon;

import dev.cdcsync.core.pipeline.Causes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.connector.Writers;
import dev.cdcsync.connector.source.CheckpointText;
import dev.cdcsync.connector.source.SourceLag;
import dev.cdcsync.connector.source.Sources;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.pipeline.VersionStamp;
import dev.cdcsync.core.spi.TargetWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Each pipeline's state, checkpoint, source position and lag: from the running daemon's {@code /pipelines} when it
 * answers on {@code http.listen}, otherwise from the targets' checkpoints and the sources themselves.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = CdcSyncCli.Version.class,
        description = "Show each pipeline's state, checkpoint, source position and lag, whether or not the daemon runs.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "pipelines YAML file")
    Path config;

    PrintStream out = System.out;

    private final Writers writers = new Writers();

    @Override
    public Integer call() {
        SyncConfig loaded = Daemon.configLoader(System::getenv).load(config); // a ConfigException exits 2 (CdcSyncCli)
        Optional<List<PipelineStatus>> live = fromDaemon(loaded);
        List<PipelineStatus> statuses = new ArrayList<>();
        int unreachable = 0;
        for (PipelineConfig p : loaded.pipelines()) {
            Optional<PipelineStatus> running = live.flatMap(l -> l.stream().filter(s -> s.name().equals(p.name())).findFirst());
            if (running.isPresent()) {
                statuses.add(running.get());
                continue;
            }
            for (int i = 0; i < p.targets().size(); i++) { // each target holds its own checkpoint
                String name = p.fansOut() ? p.name() + " (" + PipelineWiring.targetName(p, i, writers) + ")" : p.name();
                PipelineStatus stopped = offline(p.withTarget(p.targets().get(i)), name);
                unreachable += stopped.lastError() == null ? 0 : 1;
                statuses.add(stopped);
            }
        }
        print(statuses, live.isPresent() ? "daemon answering on " + loaded.http().listen() : "no daemon answering"
                + (loaded.http().enabled() ? " on " + loaded.http().listen() : " (http.listen: off)"));
        return unreachable == 0 ? ExitCodes.OK : ExitCodes.UNREACHABLE;
    }

    private static Optional<List<PipelineStatus>> fromDaemon(SyncConfig config) {
        if (!config.http().enabled() || config.http().port() == 0) {
            return Optional.empty();
        }
        String host = config.http().host().equals("0.0.0.0") ? "127.0.0.1" : config.http().host();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://"
                    + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.http().port() + "/pipelines"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(response.body());
            List<PipelineStatus> out = new ArrayList<>();
            for (JsonNode p : body.path("pipelines")) {
                out.add(new ObjectMapper().treeToValue(p, PipelineStatus.class));
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The target's checkpoint and the source's position, asked directly. */
    private PipelineStatus offline(PipelineConfig p, String name) {
        String source = Sources.forSettings(p.source()).type();
        Checkpoint checkpoint;
        try (TargetWriter writer = writers.forSettings(p.target()).create(p.target(), p.name())) {
            checkpoint = writer.offsets().load(p.name());
        } catch (RuntimeException e) {
            return new PipelineStatus(name, "not running", source, p.target().where(), null, null, null, null, null,
                    "cannot read the target's checkpoint: " + Causes.joined(e), List.of());
        }
        SourceLag lag;
        try {
            lag = Sources.debezium(p.source()).lag(p.name(), VersionStamp.strip(checkpoint));
        } catch (java.sql.SQLException | RuntimeException e) {
            return new PipelineStatus(name, "not running", source, p.target().where(), CheckpointText.of(checkpoint),
                    null, null, null, null, "cannot ask the source: " + Causes.joined(e), List.of());
        }
        return new PipelineStatus(name, "not running", source, p.target().where(), CheckpointText.of(checkpoint),
                lag.current(), lag.behindBytes() < 0 ? null : lag.behindBytes(),
                lag.retainedBytes() < 0 ? null : lag.retainedBytes(), null, null, List.of());
    }

    private void print(List<PipelineStatus> statuses, String header) {
        out.println(header);
        String format = "%-24s %-12s %-28s %-28s %12s %12s %10s%n";
        out.printf(format, "PIPELINE", "STATE", "CHECKPOINT", "SOURCE POSITION", "BEHIND", "RETAINED", "LAG");
        for (PipelineStatus s : statuses) {
            out.printf(format, s.name(), s.state(), dash(s.checkpoint()), dash(s.sourcePosition()), bytes(s.behindBytes()),
                    bytes(s.retainedBytes()), s.lagSeconds() == null ? "-" : String.format(Locale.ROOT, "%.3fs", s.lagSeconds()));
            if (s.lastError() != null) {
                out.println("  error: " + s.lastError());
            }
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String bytes(Long n) {
        return n == null ? "-" : n < 1024 * 1024 ? n + " B" : String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
}
