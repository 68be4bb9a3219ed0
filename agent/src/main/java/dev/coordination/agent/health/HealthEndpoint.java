package dev.coordination.agent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP health probes of {@code java -jar coordination-agent.jar member} ({@code
 * coordination.health-port}): {@code GET /health/live} and {@code GET /health/ready} answer 200 or
 * 503 with one line of text, from the last look of a {@link HealthWatch}; any other path is 404,
 * any other method 405. Hazelcast's own health check ({@code /hazelcast/health/ready}) says only
 * whether the member has joined its cluster, not whether the CP subsystem has its majority, and it
 * shares the member port. Listens on one address ({@code coordination.interface}), never a wildcard,
 * like the member. Uses the JDK's {@code jdk.httpserver} module. Agent jar, system class loader.
 */
public final class HealthEndpoint {

    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final int HANDLER_THREADS = 4;

    private static final Logger log = LoggerFactory.getLogger(HealthEndpoint.class);

    private final HttpServer server;
    private final HealthWatch watch;
    private final ExecutorService handlers;

    private HealthEndpoint(HttpServer server, HealthWatch watch, ExecutorService handlers) {
        this.server = server;
        this.watch = watch;
        this.handlers = handlers;
    }

    /**
     * Listens on {@code host:port} and starts watching the member through {@code probe}.
     *
     * @throws HealthEndpointException when the address is a wildcard or unknown, or the port is taken
     */
    public static HealthEndpoint start(String host, int port, MemberProbe probe) {
        String where = "coordination.health-port=" + port + " on coordination.interface=" + host;
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new HealthEndpointException(where + ": unknown address " + host, e);
        }
        if (address.isAnyLocalAddress()) {
            throw new HealthEndpointException(where + ": the health endpoint listens on one address, never the"
                    + " wildcard address; set coordination.interface to the member's own address");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new HealthEndpointException(
                    where + ": cannot listen on " + address.getHostAddress() + ":" + port + " (" + e.getMessage() + ")",
                    e);
        }
        HealthWatch watch = new HealthWatch(probe);
        // A few threads, so that one slow or stalled connection cannot hold up the kubelet's probes.
        AtomicInteger threads = new AtomicInteger();
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "coordination-health-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HealthEndpoint endpoint = new HealthEndpoint(server, watch, handlers);
        server.setExecutor(handlers);
        server.createContext("/", endpoint::handle);
        watch.start();
        server.start();
        log.info(
                "Health probes on http://{}:{}{} and {}",
                address.getHostAddress(),
                server.getAddress().getPort(),
                LIVE,
                READY);
        return endpoint;
    }

    /** The port listened on (the configured one). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and watching (tests; a member's endpoint lives as long as its JVM). */
    public void stop() {
        server.stop(0);
        handlers.shutdownNow();
        watch.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            String path = exchange.getRequestURI().getPath();
            HealthVerdicts.Answer answer;
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                answer = new HealthVerdicts.Answer(405, "method " + method + " not allowed: use GET or HEAD");
            } else if (LIVE.equals(path) || READY.equals(path)) {
                HealthWatch.Look look = watch.last();
                long age = System.nanoTime() - look.takenNanos();
                answer = LIVE.equals(path)
                        ? HealthVerdicts.live(look.facts(), age)
                        : HealthVerdicts.ready(look.facts(), age);
            } else {
                answer = new HealthVerdicts.Answer(404, "not found: " + path + " (use " + LIVE + " or " + READY + ")");
            }
            byte[] body = (answer.line() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (head) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
