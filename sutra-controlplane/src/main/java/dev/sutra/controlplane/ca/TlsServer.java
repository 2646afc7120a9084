package dev.sutra.controlplane.ca;

import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.authority.ServingNames;
import dev.sutra.controlplane.xds.DiscoveryServices;
import dev.sutra.controlplane.xds.XdsServer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's TLS port (15012): ADS for proxies that hold a workload certificate, and the
 * CA service ({@code CreateCertificate}) for everyone. TLS 1.3 preferred, TLS 1.2 allowed, AEAD
 * cipher suites only. Client certificates are optional (a new proxy has none yet) and verified
 * against the trust bundle when present.
 *
 * <pre>
 * handshake: VerifyingTrustManager (client certificate, if any)
 *   -> CallerInterceptor (every call: who is calling; ADS needs a certificate)
 *      -> NodeIdentityCheck (xDS: the Node must match the certificate) -> java-control-plane
 *      -> CertificateRequests (CreateCertificate)
 * </pre>
 */
public final class TlsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TlsServer.class);

    // Every TLS 1.3 suite is AEAD; for TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305, and
    // only ECDSA, since the serving key is always P-256.
    private static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final InetAddress LOOPBACK = loopback();

    private final Server server;
    private final ServingCertificate serving;
    private final CertificateRequests requests;
    private final CertificateInventory inventory;

    private TlsServer(Server server, ServingCertificate serving, CertificateRequests requests,
            CertificateInventory inventory) {
        this.server = server;
        this.serving = serving;
        this.requests = requests;
        this.inventory = inventory;
    }

    /**
     * Issues the serving certificate and starts the port.
     *
     * @param rootNamespace the namespace in the control plane's own SPIFFE ID
     * @param registry where the CA's metrics go
     * @param inUse whether a connected proxy runs as an identity (keeps its expired certificate listed)
     */
    public static TlsServer start(IdentityOptions options, MeshCa ca, DiscoveryServices discovery,
            String rootNamespace, PrometheusRegistry registry, Predicate<SpiffeId> inUse) throws IOException {
        SpiffeId self = ca.identity(rootNamespace, MeshCa.CONTROL_PLANE_SERVICE_ACCOUNT);
        ServingCertificate serving = ServingCertificate.start(ca,
                servingNames(options.tlsAddress(), options.servingDnsNames(), self), options.servingCertTtl());
        CertificateRequests requests = null;
        try {
            VerifyingTrustManager trust = new VerifyingTrustManager(ca.trustBundle(), ca.trustDomain());
            CertificateInventory inventory = new CertificateInventory(ca, serving, inUse);
            requests = new CertificateRequests(ca, new CaMetrics(registry, inventory));
            NettyServerBuilder builder = XdsServer.serverBuilder(options.tlsAddress())
                    .sslContext(sslContext(serving, trust))
                    .intercept(new CallerInterceptor(ca))
                    .addService(requests.definition());
            NodeIdentityCheck nodeCheck = new NodeIdentityCheck();
            discovery.definitions().forEach(d -> builder.addService(ServerInterceptors.intercept(d, nodeCheck)));
            Server server = builder.build().start();
            // A new trust bundle: trust clients under it at once; present a certificate under the
            // root that signs now (after activation, the new one).
            ca.onBundleChange(bundle -> {
                trust.updateBundle(bundle);
                serving.renewSoon();
            });
            log.info("xDS and CA (TLS) listening on {}:{}, identity {}", options.tlsAddress().getHostString(),
                    server.getPort(), self);
            return new TlsServer(server, serving, requests, inventory);
        } catch (IOException | RuntimeException e) {
            serving.close();
            if (requests != null) {
                requests.close();
            }
            throw e;
        }
    }

    private static SslContext sslContext(ServingCertificate serving, VerifyingTrustManager trust) throws IOException {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(serving.keyManager()))
                .trustManager(trust)
                .clientAuth(ClientAuth.OPTIONAL)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        return builder.build();
    }

    /**
     * {@code localhost}, this host's name and the extra names; 127.0.0.1 and the bind address if it
     * is a specific one; and the control plane's SPIFFE ID.
     */
    static ServingNames servingNames(InetSocketAddress bind, List<String> extraDns, SpiffeId self) {
        Set<String> dns = new LinkedHashSet<>();
        dns.add("localhost");
        hostName().ifPresent(dns::add);
        dns.addAll(extraDns);
        List<InetAddress> ips = new ArrayList<>();
        ips.add(LOOPBACK);
        InetAddress address = bind.getAddress();
        if (address != null && !address.isAnyLocalAddress() && !ips.contains(address)) {
            ips.add(address);
        }
        return ServingNames.of(List.copyOf(dns), ips).withSpiffeId(self);
    }

    // This host's name if it is a usable DNS name (some hosts have names a certificate cannot carry).
    private static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            ServingNames.of(List.of(name), List.of());
            return Optional.of(name);
        } catch (UnknownHostException | IllegalArgumentException e) {
            log.debug("this host's name is not usable in the serving certificate: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** The port it listens on (the one the OS picked, for port 0). */
    public int port() {
        return server.getPort();
    }

    /** What operators see: roots, intermediates, the serving certificate, workload certificates. */
    public CertificateInventory inventory() {
        return inventory;
    }

    @Override
    public void close() {
        XdsServer.stop(server);
        requests.close();
        serving.close();
    }
}
