package dev.sutra.samples.bookinfo;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.sutra.samples.stats.WindowRecorder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a bookinfo service: an HTTP/1.1 server on 127.0.0.1 on the JDK's
 * {@code HttpServer}, one virtual thread per request, answering JSON that names the service and
 * version that answered. Calls to other services go through the sidecar's outbound port given as
 * {@link Builder#outboundProxy}. Counts the requests it serves in {@link #stats()}.
 *
 * <pre>{@code
 * BookinfoApp reviews = BookinfoApp.builder("reviews", "v2")
 *         .outboundProxy(new InetSocketAddress("127.0.0.1", 15001))
 *         .start();
 * }</pre>
 */
public final class BookinfoApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BookinfoApp.class);

    static {
        // The JDK's HttpServer leaves Nagle on unless told otherwise, which costs keep-alive
        // clients a delayed-ACK wait (40 ms on Linux) on some responses. Read once, at class init.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final AppInstance instance;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Endpoint endpoint;
    private final WindowRecorder stats;

    private BookinfoApp(AppInstance instance, HttpServer server, ExecutorService executor, Endpoint endpoint,
            WindowRecorder stats) {
        this.instance = instance;
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
        this.stats = stats;
    }

    /**
     * A builder for one instance.
     *
     * @throws IllegalArgumentException if bookinfo has no such service or version
     */
    public static Builder builder(String service, String version) {
        requireNonNull(version, "version");
        BookinfoService known = Bookinfo.create().service(requireNonNull(service, "service"));
        if (!known.versions().contains(version)) {
            throw new IllegalArgumentException("version: " + version + " (expected: one of "
                    + known.versions() + " for " + service + ")");
        }
        return new Builder(service, version);
    }

    /** The instance, with the port it listens on. */
    public AppInstance instance() {
        return instance;
    }

    public String service() {
        return instance.service();
    }

    public String version() {
        return instance.version();
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return instance.appPort();
    }

    /** Requests served (all but {@code /health}), success meaning a 2xx answer. One reader rolls it. */
    public WindowRecorder stats() {
        return stats;
    }

    /** Stops listening at once and gives up calls in flight. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        endpoint.close();
        log.debug("stopped {} on port {}", instance.name(), instance.appPort());
    }

    @Override
    public String toString() {
        return "BookinfoApp[" + instance.name() + " on 127.0.0.1:" + instance.appPort() + "]";
    }

    /** Configures one instance; {@link #start()} binds it. */
    public static final class Builder {
        private final String service;
        private final String version;
        private Bookinfo topology = Bookinfo.create();
        private int port;
        private Optional<InetSocketAddress> outboundProxy = Optional.empty();
        private Duration upstreamTimeout = Bookinfo.DEFAULT_UPSTREAM_TIMEOUT;

        private Builder(String service, String version) {
            this.service = service;
            this.version = version;
        }

        /** The namespace and domain upstream host names are built from; default {@link Bookinfo#create()}. */
        public Builder topology(Bookinfo topology) {
            this.topology = requireNonNull(topology, "topology");
            return this;
        }

        /** The port to listen on, on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
            }
            this.port = port;
            return this;
        }

        /** The sidecar's outbound listener, used as an HTTP proxy; required for apps that call others. */
        public Builder outboundProxy(InetSocketAddress outboundProxy) {
            this.outboundProxy = Optional.of(requireNonNull(outboundProxy, "outboundProxy"));
            return this;
        }

        /** How long a call to another service may take; default 3 s. */
        public Builder upstreamTimeout(Duration upstreamTimeout) {
            requireNonNull(upstreamTimeout, "upstreamTimeout");
            if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
                throw new IllegalArgumentException("upstreamTimeout: " + upstreamTimeout + " (expected: > 0)");
            }
            this.upstreamTimeout = upstreamTimeout;
            return this;
        }

        /**
         * Binds and starts the app.
         *
         * @throws IllegalStateException if the app calls others and no outbound proxy was given
         * @throws IOException if it cannot listen
         */
        public BookinfoApp start() throws IOException {
            AppInstance instance = new AppInstance(service, version, port);
            List<String> upstreams = topology.upstreams(instance);
            if (!upstreams.isEmpty() && outboundProxy.isEmpty()) {
                throw new IllegalStateException("outboundProxy: missing (expected: the sidecar's outbound address; "
                        + instance.name() + " calls " + String.join(", ", upstreams) + ")");
            }
            Endpoint endpoint = endpoint(upstreams.isEmpty() ? Optional.empty()
                    : outboundProxy.map(proxy -> new Upstream(topology, proxy, upstreamTimeout)));
            ExecutorService executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(instance.name() + "-", 0).factory());
            WindowRecorder stats = new WindowRecorder();
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
                server.createContext("/", new AppHandler(service, version, endpoint, stats));
                server.setExecutor(executor);
                server.start();
                AppInstance bound = instance.withAppPort(server.getAddress().getPort());
                log.debug("started {} on port {}", bound.name(), bound.appPort());
                return new BookinfoApp(bound, server, executor, endpoint, stats);
            } catch (IOException | RuntimeException e) {
                executor.shutdownNow();
                endpoint.close();
                throw e;
            }
        }

        private Endpoint endpoint(Optional<Upstream> upstream) {
            return switch (service) {
                case "productpage" -> new ProductPage(version, upstream.orElseThrow());
                case "details" -> new Details(version);
                case "reviews" -> new Reviews(version, upstream);
                case "ratings" -> new Ratings(version);
                default -> throw new IllegalStateException("no endpoint for " + service);
            };
        }
    }
}
