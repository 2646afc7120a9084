package dev.sutra.controlplane.api;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.xds.XdsCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's HTTP API (port 15014 by default): config, status, per-proxy config dumps
 * and readiness. Operators' tools ({@code sutra apply}, {@code get}, {@code delete},
 * {@code proxy-status}) are clients of it.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static ApiServer start(InetSocketAddress address, ConfigStore store, XdsCache cache, String adminToken)
            throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        AdminAuth auth = new AdminAuth(adminToken);
        ConfigEndpoint config = new ConfigEndpoint(store);
        StatusEndpoint status = new StatusEndpoint(store, cache);
        server.createContext(ConfigEndpoint.PATH, guarded(auth, config::handle));
        server.createContext(StatusEndpoint.STATUS, guarded(auth, status::status));
        server.createContext(StatusEndpoint.PROXIES, guarded(auth, status::proxy));
        server.createContext(ServicesEndpoint.PATH, guarded(auth, new ServicesEndpoint(cache)::handle));
        server.createContext("/ready", guarded(auth, ex -> ex.text(200, "text/plain", "ready\n")));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sutra-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        log.info("HTTP API listening on {}:{}", address.getHostString(), server.getAddress().getPort());
        return new ApiServer(server, executor);
    }

    /** A handler that checks the caller first and turns failures into 500s with a reason. */
    private static HttpHandler guarded(AdminAuth auth, Handler handler) {
        return exchange -> {
            Exchange ex = new Exchange(exchange);
            try {
                String denial = auth.denial(exchange);
                if (denial != null) {
                    ex.error(403, denial);
                    return;
                }
                handler.handle(ex);
            } catch (RuntimeException e) {
                log.warn("API request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                ex.error(500, e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                exchange.close();
            }
        };
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
