package dev.sutra.cli;

import com.google.protobuf.StringValue;
import dev.sutra.api.mesh.Locality;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.Pem;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.api.CertificateService;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.ca.tls.SpiffeTrustManager;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;

/**
 * A sidecar as the proxy team builds it, reduced to its identity work: joins with a token (trusting
 * the TLS port by the token's root pin), keeps an ADS stream over mTLS whose every response it
 * ACKs, and renews its certificate early once its root is no longer first in the trust bundle. It
 * reads the bundle from {@code GET /api/v1/ca/root}, standing in for the {@code ROOTCA} secret.
 */
final class FakeSidecar implements AutoCloseable {

    private final int tlsPort;
    private final String apiUrl;
    private final String trustDomain;
    private final ManagedChannel adsChannel;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger acks = new AtomicInteger();
    private volatile boolean renewals = true;
    private volatile Held current;
    private StreamObserver<DiscoveryRequest> requests;

    /** A key and the chain issued for it, leaf first. */
    private record Held(KeyPair keys, List<X509Certificate> chain) {
    }

    private FakeSidecar(int tlsPort, String apiUrl, String trustDomain, Held held, ManagedChannel adsChannel) {
        this.tlsPort = tlsPort;
        this.apiUrl = apiUrl;
        this.trustDomain = trustDomain;
        this.current = held;
        this.adsChannel = adsChannel;
    }

    /** Joins with {@code token}, connects ADS as {@code name} and starts watching the trust bundle. */
    static FakeSidecar join(int tlsPort, String apiUrl, String token, String name) throws Exception {
        JoinToken claims = JoinToken.readUnverified(token);
        SpiffeId id = claims.identity();
        ManagedChannel anonymous = channel(tlsPort, new PinnedRootTrustManager(claims.rootPin()), null);
        Held held;
        try {
            held = obtain(anonymous, id, token);
        } finally {
            anonymous.shutdownNow();
        }
        ManagedChannel ads = channel(tlsPort, new PinnedRootTrustManager(claims.rootPin()), held);
        FakeSidecar sidecar = new FakeSidecar(tlsPort, apiUrl, id.trustDomain(), held, ads);
        sidecar.connect(NodeMetadata.toNode(new ProxyNode(
                NodeMetadata.sidecarId("127.0.0.1", name, id.namespace(), "cluster.local"), Generator.SIDECAR,
                id.namespace(), id.serviceAccount(), "", Map.of("app", name), "127.0.0.1", Locality.NONE, List.of(),
                "127.0.0.1", 0, List.of())));
        sidecar.watcher.scheduleWithFixedDelay(sidecar::renewIfRootChanged, 100, 100, TimeUnit.MILLISECONDS);
        return sidecar;
    }

    /** Whether it renews when its root is no longer first; on by default. */
    void renewals(boolean on) {
        renewals = on;
    }

    /** The pin of the root its current certificate chains to. */
    RootPin root() throws Exception {
        return RootPin.of(bundle().verify(current.chain(), Instant.now()));
    }

    int acks() {
        return acks.get();
    }

    private void connect(io.envoyproxy.envoy.config.core.v3.Node node) {
        // gRPC stream observers are not thread-safe: responses (ACKs) and the first requests share a lock.
        synchronized (this) {
            requests = AggregatedDiscoveryServiceGrpc.newStub(adsChannel).streamAggregatedResources(
                    new StreamObserver<>() {
                        @Override
                        public void onNext(DiscoveryResponse response) {
                            send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                                    .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce())
                                    .build());
                            acks.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            for (String type : List.of(TypeUrls.CLUSTER, TypeUrls.LISTENER)) {
                send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type).build());
            }
        }
    }

    private synchronized void send(DiscoveryRequest request) {
        requests.onNext(request);
    }

    private void renewIfRootChanged() {
        if (!renewals) {
            return;
        }
        try {
            TrustBundle bundle = bundle();
            X509Certificate root = bundle.verify(current.chain(), Instant.now());
            if (root.equals(bundle.roots().get(0))) {
                return;
            }
            // Renewal: the current certificate is the credential; the server is trusted by the bundle.
            ManagedChannel mtls = channel(tlsPort, SpiffeTrustManager.create(bundle, trustDomain), current);
            try {
                current = obtain(mtls, SpiffeId.fromCertificate(current.chain().get(0)), null);
            } finally {
                mtls.shutdownNow();
            }
        } catch (Exception e) {
            // The next tick tries again, as a proxy would.
        }
    }

    private TrustBundle bundle() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/ca/root"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return TrustBundle.fromPem("/api/v1/ca/root", response.body());
    }

    private static Held obtain(ManagedChannel channel, SpiffeId id, String token) throws Exception {
        KeyPair keys = EcdsaKeys.generate();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(CertificateService.AUTHORIZATION, "Bearer " + token);
        }
        String pem = ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                CertificateService.CREATE_CERTIFICATE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                StringValue.of(Csr.create(keys, id).toPem())).getValue();
        return new Held(keys, Pem.parseCertificates("CreateCertificate", pem));
    }

    private static ManagedChannel channel(int port, TrustManager trust, Held client) throws Exception {
        SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(trust);
        if (client != null) {
            tls.keyManager(client.keys().getPrivate(), client.chain());
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(tls.build()).build();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        adsChannel.shutdownNow();
        try {
            adsChannel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
