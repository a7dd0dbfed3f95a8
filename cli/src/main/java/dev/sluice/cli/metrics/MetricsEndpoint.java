package dev.sluice.cli.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.sluice.runtime.NetworkNamespace;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format, at the one address it was given, and nothing
 * else: other paths are 404, other methods 405. Read-only by construction: the handler only reads
 * the programs' maps. Closing it stops the server and its thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving the readings {@code source} gives at each scrape; fails when the address is taken. */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<List<ProgramReadings>> source) {
        return start(address, Optional.empty(), source);
    }

    /**
     * The same, listening inside network namespace {@code netns} when given: the listening socket is
     * made there, and it and the connections it accepts stay there while the server runs here.
     */
    public static MetricsEndpoint start(InetSocketAddress address, Optional<String> netns, Supplier<List<ProgramReadings>> source) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new SluiceCollector(source));
        MetricsHandler metrics = new MetricsHandler(registry);
        HttpServer server = netns.isPresent() ? NetworkNamespace.call(netns.get(), () -> bind(address)) : bind(address);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                    reply(exchange, 404, "not found: only /metrics is served\n");
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    reply(exchange, 405, "method not allowed: /metrics is read-only\n");
                } else {
                    metrics.handle(exchange);
                }
            }
        });
        // One thread: scrapes are rare, and map reads one at a time keep the kernel's work bounded.
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new MetricsEndpoint(server, threads);
    }

    /** The address the server is bound to (the port the kernel chose, when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where to scrape: {@code http://ADDR:PORT/metrics}, an IPv6 address in brackets. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress() instanceof Inet6Address ? "[" + a.getAddress().getHostAddress() + "]" : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort() + "/metrics";
    }

    private static HttpServer bind(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
