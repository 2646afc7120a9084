package dev.sutra.proxy.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.sutra.api.Nullable;
import dev.sutra.ca.SpiffeId;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The proxy's counters, exposed in Prometheus format on the admin port. Labelled data points are
 * looked up once per label set and cached, so counting a request is one map read and an add.
 * Exemplars are off: sampling them schedules work on a shared executor behind a lock, which an
 * event loop must never wait for (EventLoopBlockingIT caught it).
 * One instance per proxy (several proxies may share a JVM), never the global registry.
 */
public final class ProxyStats {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("sutra_http_requests_total")
            .help("HTTP requests handled, by listener direction, response code and Envoy response flag")
            .labelNames("direction", "response_code", "response_flags")
            .withoutExemplars()
            .register(registry);
    private final Counter connectFailures = Counter.builder()
            .name("sutra_upstream_connect_failures_total")
            .help("Failed upstream connection attempts, by cluster")
            .labelNames("cluster")
            .withoutExemplars()
            .register(registry);
    private final Counter tcpConnections = Counter.builder()
            .name("sutra_tcp_connections_total")
            .help("TCP proxy connections, by cluster")
            .labelNames("cluster")
            .withoutExemplars()
            .register(registry);
    private final Counter overflows = Counter.builder()
            .name("sutra_upstream_overflows_total")
            .help("Requests and retries refused by a cluster's circuit breakers (Envoy's upstream_rq_pending_overflow"
                    + " and upstream_rq_retry_overflow), by cluster and threshold")
            .labelNames("cluster", "breaker")
            .withoutExemplars()
            .register(registry);
    private final Counter ejections = Counter.builder()
            .name("sutra_outlier_ejections_total")
            .help("Hosts ejected by outlier detection, by cluster")
            .labelNames("cluster")
            .withoutExemplars()
            .register(registry);
    private final AtomicLong activeDownstream = new AtomicLong();
    private final AtomicLong activeUpstream = new AtomicLong();
    private static final ResponseFlag[] FLAGS = ResponseFlag.values();
    private final ConcurrentHashMap<String, CounterDataPoint> cache = new ConcurrentHashMap<>();
    /** Request counters by direction, status and flag: an index, not a string key, per request. */
    private final AtomicReferenceArray<CounterDataPoint> requestPoints =
            new AtomicReferenceArray<>(2 * 600 * FLAGS.length);

    public ProxyStats() {
        registry.register(() -> gauge("sutra_downstream_connections_active", "Open downstream connections",
                activeDownstream.get()));
        registry.register(() -> gauge("sutra_upstream_connections_active", "Open upstream connections",
                activeUpstream.get()));
    }

    /** Reports {@code sutra_access_log_dropped_lines} as {@code dropped} says at scrape time. */
    public void accessLogDrops(java.util.function.LongSupplier dropped) {
        registry.register(() -> gauge("sutra_access_log_dropped_lines",
                "Access log lines dropped since start because a writer fell behind", dropped.getAsLong()));
    }

    /** A certificate to report the expiry of. */
    public record Expiring(String kind, String identity, String serial, long secondsLeft) {
    }

    /** Reports {@code sutra_certificate_expiry_seconds} for whatever {@code certificates} lists at scrape time. */
    public void certificates(Supplier<List<Expiring>> certificates) {
        registry.register(() -> {
            var gauge = io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
                    .name("sutra_certificate_expiry_seconds")
                    .help("Seconds until each certificate the proxy holds or trusts expires");
            for (Expiring e : certificates.get()) {
                gauge.dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(io.prometheus.metrics.model.snapshots.Labels.of("kind", e.kind(), "identity",
                                e.identity(), "serial", e.serial()))
                        .value(e.secondsLeft())
                        .build());
            }
            return gauge.build();
        });
    }

    /** Counts one finished request; status 0 means no response was sent (e.g. the client left). */
    public void request(boolean inbound, int status, ResponseFlag flag) {
        int code = status >= 100 && status < 600 ? status : 0;
        int index = ((inbound ? 1 : 0) * 600 + code) * FLAGS.length + flag.ordinal();
        CounterDataPoint point = requestPoints.get(index);
        if (point == null) {
            point = requests.labelValues(inbound ? "inbound" : "outbound", Integer.toString(code), flag.code());
            requestPoints.set(index, point);
        }
        point.inc();
    }

    public void connectFailure(String cluster) {
        cache.computeIfAbsent("cf|" + cluster, k -> connectFailures.labelValues(cluster)).inc();
    }

    /** A circuit breaker of {@code cluster} refused a request or a retry ({@code max_requests}, {@code max_retries}). */
    public void overflow(String cluster, String breaker) {
        cache.computeIfAbsent("ov|" + breaker + "|" + cluster, k -> overflows.labelValues(cluster, breaker)).inc();
    }

    /** Outlier detection ejected a host of {@code cluster} (Envoy's {@code ejections_enforced_total}). */
    public void ejection(String cluster) {
        cache.computeIfAbsent("ej|" + cluster, k -> ejections.labelValues(cluster)).inc();
    }

    public void tcpConnection(String cluster) {
        cache.computeIfAbsent("tcp|" + cluster, k -> tcpConnections.labelValues(cluster)).inc();
    }

    /**
     * The latest verified upstream TLS peer of a cluster.
     *
     * @param identity the peer's SPIFFE ID, or {@code -} for a server outside the mesh
     * @param serial the serial number (hex) of the certificate the peer presented
     */
    public record Peer(String identity, String serial, String protocol, String cipher, Instant at) {
    }

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();

    /** An upstream TLS connection was verified: who the peer of {@code cluster} is (for {@code /peers}). */
    public void peer(String cluster, @Nullable SpiffeId peer, Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return;
        }
        SSLSession session = ssl.engine().getSession();
        String serial = "";
        try {
            if (session.getPeerCertificates()[0] instanceof X509Certificate leaf) {
                serial = leaf.getSerialNumber().toString(16);
            }
        } catch (SSLPeerUnverifiedException e) {
            // Verified peers always have a certificate; leave the serial empty if not.
        }
        peers.put(cluster, new Peer(peer == null ? "-" : peer.uri(), serial, session.getProtocol(),
                session.getCipherSuite(), Instant.now()));
    }

    /** Verified upstream peers by cluster. */
    public Map<String, Peer> peers() {
        return new TreeMap<>(peers);
    }

    public void downstreamOpened() {
        activeDownstream.incrementAndGet();
    }

    public void downstreamClosed() {
        activeDownstream.decrementAndGet();
    }

    public void upstreamOpened() {
        activeUpstream.incrementAndGet();
    }

    public void upstreamClosed() {
        activeUpstream.decrementAndGet();
    }

    public long activeDownstream() {
        return activeDownstream.get();
    }

    /** The exposition text for {@code /stats/prometheus}. */
    public String prometheusText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static io.prometheus.metrics.model.snapshots.GaugeSnapshot gauge(String name, String help, long value) {
        return io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(value).build())
                .build();
    }
}
