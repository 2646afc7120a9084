package dev.sutra.proxy.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.xds.XdsClient;
import dev.sutra.proxy.xds.XdsStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The proxy's admin port (15000, loopback by default), Envoy's endpoints by Envoy's names:
 * {@code /ready}, {@code /config_dump}, {@code /clusters}, {@code /stats/prometheus},
 * {@code /logging}, plus {@code /xds} (sync state with the control plane). Served on its own
 * thread, never on an event loop.
 */
public final class AdminServer implements AutoCloseable {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static AdminServer start(InetSocketAddress address, ProxyRuntime runtime, Supplier<XdsClient> xds,
            BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sutra-admin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/ready", ex -> {
            boolean ok = ready.getAsBoolean();
            send(ex, ok ? 200 : 503, "text/plain", ok ? "LIVE\n" : "PRE_INITIALIZING\n");
        });
        server.createContext("/config_dump", ex -> send(ex, 200, "application/json",
                ConfigDumps.json(runtime.config().source())));
        server.createContext("/clusters", ex -> send(ex, 200, "text/plain", ClusterReport.text(runtime.config(), runtime.outlierDetectors())));
        server.createContext("/stats/prometheus", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                runtime.stats().prometheusText()));
        server.createContext("/logging", AdminServer::logging);
        server.createContext("/xds", ex -> send(ex, 200, "text/plain", xdsText(xds.get())));
        server.createContext("/peers", ex -> send(ex, 200, "text/plain", peersText(runtime)));
        server.createContext("/certs", ex -> send(ex, 200, "text/plain", CertificateReport.text(runtime)));
        server.createContext("/", ex -> send(ex, 404, "text/plain",
                "endpoints: /ready /config_dump /clusters /stats/prometheus /logging /xds /peers /certs\n"));
        server.start();
        return new AdminServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** GET lists levels; POST {@code ?level=debug} sets the root, {@code ?<logger>=<level>} one logger. */
    private static void logging(HttpExchange ex) throws IOException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        String query = ex.getRequestURI().getRawQuery();
        if (ex.getRequestMethod().equals("POST") && query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                Level level = Level.toLevel(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8), null);
                if (level == null) {
                    send(ex, 400, "text/plain", "unknown level in \"" + pair + "\" (expected: trace, debug, info, warn, error)\n");
                    return;
                }
                Logger logger = context.getLogger(name.equals("level") ? Logger.ROOT_LOGGER_NAME : name);
                logger.setLevel(level);
            }
        }
        StringBuilder out = new StringBuilder("active loggers:\n");
        for (Logger l : context.getLoggerList()) {
            if (l.getLevel() != null) {
                out.append("  ").append(l.getName()).append(": ").append(l.getLevel()).append('\n');
            }
        }
        send(ex, 200, "text/plain", out.toString());
    }

    /** The latest verified upstream peer of each cluster: {@code cluster identity serial protocol cipher}. */
    private static String peersText(ProxyRuntime runtime) {
        StringBuilder out = new StringBuilder();
        runtime.stats().peers().forEach((cluster, p) -> out.append(cluster).append(' ').append(p.identity()).append(' ')
                .append(p.serial()).append(' ').append(p.protocol()).append(' ').append(p.cipher()).append('\n'));
        return out.toString();
    }

    private static String xdsText(XdsClient client) {
        if (client == null) {
            return "not started\n";
        }
        XdsStatus s = client.status();
        StringBuilder out = new StringBuilder();
        out.append("control plane: ").append(s.controlPlane()).append(s.connected() ? " (connected)" : " (disconnected)")
                .append('\n').append("config from: ").append(s.origin());
        if (s.staleSince() != null) {
            out.append(" since ").append(s.staleSince());
        }
        out.append('\n');
        for (var t : s.types()) {
            out.append(dev.sutra.xds.TypeUrls.shortName(t.typeUrl())).append(": version ").append(t.version())
                    .append(", ").append(t.resources()).append(" resources");
            if (t.lastNack() != null) {
                out.append(", last NACK of ").append(t.lastNack().version()).append(": ").append(t.lastNack().reason());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
