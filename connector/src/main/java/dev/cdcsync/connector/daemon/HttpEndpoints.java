package dev.cdcsync.connector.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cdcsync.core.config.HttpConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The daemon's HTTP side, on the JDK's own server: {@code /health} (the process answers), {@code /ready} (every
 * pipeline streams, with its lag under {@code http.ready-max-lag} when set), {@code /metrics} (Prometheus text),
 * {@code /pipelines} (JSON) and {@code /} (a status page). Read-only; bound to loopback unless configured otherwise.
 */
final class HttpEndpoints implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final Daemon daemon;
    private final HttpConfig config;

    private HttpEndpoints(HttpServer server, Daemon daemon, HttpConfig config) {
        this.server = server;
        this.daemon = daemon;
        this.config = config;
    }

    /** Binds and serves; a taken address fails at once with what to change. */
    static HttpEndpoints start(Daemon daemon, HttpConfig config) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on " + config.listen() + " (" + e.getMessage()
                    + "): set http.listen to a free host:port, or off", e);
        }
        HttpEndpoints endpoints = new HttpEndpoints(server, daemon, config);
        server.createContext("/health", ex -> endpoints.send(ex, 200, "text/plain", "ok\n"));
        server.createContext("/ready", endpoints::ready);
        server.createContext("/metrics", ex -> endpoints.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                daemon.registry().scrape()));
        server.createContext("/pipelines", ex -> endpoints.send(ex, 200, "application/json", json(Map.of("pipelines",
                endpoints.statuses()))));
        server.createContext("/", endpoints::page);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cdc-sync-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return endpoints;
    }

    /** The bound port (the one chosen, for {@code :0}). */
    int port() {
        return server.getAddress().getPort();
    }

    private List<PipelineStatus> statuses() {
        return daemon.running().stream().map(RunningPipeline::status).toList();
    }

    private void ready(HttpExchange ex) throws IOException {
        List<String> notReady = new ArrayList<>();
        for (RunningPipeline p : daemon.running()) {
            RunningPipeline.State state = p.state();
            if (state != RunningPipeline.State.STREAMING) {
                notReady.add(p.name() + ": " + state.name().toLowerCase());
            } else if (!p.allTargetsAttached()) {
                notReady.add(p.name() + ": a target is detached (catching up)");
            } else if (config.readyMaxLag() != null && p.lagMs() > config.readyMaxLag().toMillis()) {
                notReady.add(p.name() + ": lag " + p.lagMs() / 1000.0 + " s over " + config.readyMaxLag().toMillis() / 1000.0 + " s");
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", notReady.isEmpty());
        body.put("not-ready", notReady);
        send(ex, notReady.isEmpty() ? 200 : 503, "application/json", json(body));
    }

    private void page(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain", "not found; try /, /health, /ready, /metrics or /pipelines\n");
            return;
        }
        send(ex, 200, "text/html; charset=utf-8", StatusPage.render(statuses()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
