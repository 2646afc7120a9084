package dev.sutra.controlplane.api;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import static java.util.Objects.requireNonNull;

import dev.sutra.controlplane.ca.CertificateInventory;
import dev.sutra.controlplane.ca.MeshCa;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.xds.XdsCache;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's HTTP API (port 15014 by default): config, status, per-proxy config dumps,
 * readiness, metrics, and with identities on: join tokens, the CA and its rotation, certificates.
 * Operators' tools ({@code sutra apply}, {@code get}, {@code delete}, {@code proxy-status},
 * {@code token}, {@code check}, {@code ca}) are clients of it.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * What the identity endpoints read.
     *
     * @param ca the mesh CA
     * @param inventory every visible certificate
     * @param pushedBundle the trust bundle the last push carried
     */
    public record Identity(MeshCa ca, CertificateInventory inventory, Supplier<String> pushedBundle) {

        public Identity {
            requireNonNull(ca, "ca");
            requireNonNull(inventory, "inventory");
            requireNonNull(pushedBundle, "pushedBundle");
        }
    }

    /**
     * Starts the API.
     *
     * @param identity the CA's endpoints; without it they answer 404 saying the mesh has no identities
     * @param metrics what {@code /metrics} exposes
     */
    public static ApiServer start(InetSocketAddress address, ConfigStore store, XdsCache cache, String adminToken,
            Optional<Identity> identity, PrometheusRegistry metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        AdminAuth auth = new AdminAuth(adminToken);
        ConfigEndpoint config = new ConfigEndpoint(store);
        StatusEndpoint status = new StatusEndpoint(store, cache);
        server.createContext(ConfigEndpoint.PATH, guarded(auth, config::handle));
        server.createContext(StatusEndpoint.STATUS, guarded(auth, status::status));
        server.createContext(StatusEndpoint.PROXIES, guarded(auth, status::proxy));
        server.createContext(ServicesEndpoint.PATH, guarded(auth, new ServicesEndpoint(cache)::handle));
        server.createContext("/ready", guarded(auth, ex -> ex.text(200, "text/plain", "ready\n")));
        server.createContext(MetricsEndpoint.PATH, guarded(auth, new MetricsEndpoint(metrics)::handle));
        if (identity.isPresent()) {
            Identity id = identity.get();
            server.createContext(TokensEndpoint.PATH, guarded(auth, new TokensEndpoint(id.ca())::handle));
            CaEndpoint caEndpoint = new CaEndpoint(id.ca(), cache, id.pushedBundle());
            server.createContext(CaEndpoint.PATH, guarded(auth, caEndpoint::handle));
            server.createContext(CertificatesEndpoint.PATH,
                    guarded(auth, new CertificatesEndpoint(id.inventory())::handle));
        } else {
            Handler none = ex -> ex.error(404, "this control plane runs without identities: no CA, tokens or "
                    + "certificates (start it without disabling identity)");
            for (String path : new String[] {TokensEndpoint.PATH, CaEndpoint.PATH, CertificatesEndpoint.PATH}) {
                server.createContext(path, guarded(auth, none));
            }
        }
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
