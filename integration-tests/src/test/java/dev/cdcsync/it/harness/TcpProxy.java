package dev.cdcsync.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a real server, for network faults: {@link #blip} resets every
 * open connection and refuses new ones for a while, as a broken link or a flapping firewall does;
 * {@link #loseAnswerTo} lets one request reach the server and breaks the link before its answer
 * comes back. Otherwise the bytes pass untouched.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long downUntil;
    private volatile boolean closed;
    private volatile byte[][] armed;
    private volatile boolean holdingAnswers;
    private final java.util.concurrent.atomic.AtomicInteger answersLost = new java.util.concurrent.atomic.AtomicInteger();

    public TcpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "proxy-" + port() + "->" + upstreamPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets all open connections and refuses (accepts and drops) new ones for {@code millis}. */
    public void blip(long millis) {
        downUntil = System.currentTimeMillis() + millis;
        open.forEach(TcpProxy::reset);
    }

    /**
     * Arms a one-shot fault: once the client has sent {@code context} and then {@code request} (say, a row's
     * text and then {@code COMMIT}), the request is delivered, and the connection is reset before any answer
     * reaches the client, which cannot tell whether the request took effect.
     */
    public void loseAnswerTo(String context, String request) {
        armed = new byte[][] {context.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                request.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
    }

    /** How many answers {@link #loseAnswerTo} has swallowed. */
    public int answersLost() {
        return answersLost.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (System.currentTimeMillis() < downUntil) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
                } catch (IOException refused) { // the server is down: so is the relayed connection
                    reset(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                if (!closed) {
                    sleep(50);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!request && holdingAnswers) {
                        continue; // swallowed: the request's answer never arrives
                    }
                    boolean cut = request && watch(buffer, n);
                    out.write(buffer, 0, n);
                    if (cut) {
                        sleep(500); // the server acts on the request and answers into the void
                        return;
                    }
                }
            } catch (IOException e) {
                // either side went away: close both below
            } finally {
                open.remove(from);
                open.remove(to);
                reset(from);
                reset(to);
                if (request) {
                    holdingAnswers = false;
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Advances the armed fault over these request bytes; true when the request to lose the answer of was sent. */
    private synchronized boolean watch(byte[] buffer, int n) {
        byte[][] fault = armed;
        if (fault == null) {
            return false;
        }
        if (fault[0].length > 0) {
            if (indexOf(buffer, n, fault[0]) >= 0) {
                armed = fault = new byte[][] {new byte[0], fault[1]};
            } else {
                return false;
            }
        }
        if (indexOf(buffer, n, fault[1]) < 0) {
            return false;
        }
        armed = null;
        holdingAnswers = true;
        answersLost.incrementAndGet();
        return true;
    }

    private static int indexOf(byte[] buffer, int n, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= n; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST, not FIN: the peer sees a broken connection
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TcpProxy::reset);
    }
}
