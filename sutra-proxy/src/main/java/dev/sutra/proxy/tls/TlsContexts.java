package dev.sutra.proxy.tls;

import dev.sutra.ca.tls.SpiffeTrustManager;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.CompiledListener;
import dev.sutra.proxy.config.DownstreamTls;
import dev.sutra.proxy.config.FilterChainSpec;
import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.config.UpstreamTls;
import dev.sutra.proxy.identity.IdentityManager;
import dev.sutra.proxy.identity.WorkloadCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The data path's TLS contexts, built from the workload's current certificate and the mesh's
 * roots, cached until either changes. A rotation starts a new generation: new handshakes use the
 * new certificate at once, and connections made in older generations are recycled. BoringSSL
 * (netty-tcnative) when it loads, the JDK's TLS otherwise; TLS 1.3 preferred, 1.2 allowed, AEAD
 * ciphers only.
 *
 * <p>Building a context fills key stores (seeding a SecureRandom from {@code /dev/urandom}) and may
 * read files: blocking work that must not run on an event loop. So contexts are built ahead, as
 * Envoy builds them on its main thread: {@link #prepare} with each new config on the xDS thread,
 * and a rotation builds the new generation's contexts before it announces the generation. Event
 * loops then only look them up; building on a miss remains as a fallback.
 */
public final class TlsContexts {

    /** TLS 1.3's suites are all AEAD; for 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final @Nullable IdentityManager identity;
    private final SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Object, SslContext> cache = new ConcurrentHashMap<>();
    /** The TLS settings of the config in force: what a rotation builds again. */
    private final Set<Object> specs = ConcurrentHashMap.newKeySet();

    public TlsContexts(@Nullable IdentityManager identity) {
        this.identity = identity;
        if (identity != null) {
            identity.onCertificate(c -> rotate());
            identity.onBundle(b -> rotate());
        }
    }

    /** Which TLS library the data path uses. */
    public String provider() {
        return provider == SslProvider.OPENSSL ? "BoringSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /** Changes whenever the certificate or the roots change; connections remember theirs. */
    public long generation() {
        return generation.get();
    }

    private synchronized void rotate() {
        // Keys name the certificate and roots they were built from: the new ones land beside the
        // old, which go once the new generation is announced.
        Set<Object> fresh = prepareAll(specs);
        long next = generation.incrementAndGet();
        cache.keySet().retainAll(fresh);
        rotations.forEach(r -> r.accept(next));
    }

    /**
     * Builds the contexts {@code config}'s listeners and clusters use, so event loops find them
     * ready. Call it off the event loops before publishing the config. A context that cannot be
     * built yet (no certificate) is left for the connection that needs it to report.
     */
    public void prepare(ProxyConfig config) {
        Set<Object> wanted = new HashSet<>();
        for (CompiledListener l : config.listeners().values()) {
            for (FilterChainSpec chain : l.chains()) {
                if (chain.tls() != null) {
                    wanted.add(chain.tls());
                }
            }
        }
        for (CompiledCluster c : config.clusters().values()) {
            List<UpstreamTls> all = new ArrayList<>();
            all.add(c.tls().fallback());
            c.tls().matches().forEach(m -> all.add(m.tls()));
            for (UpstreamTls t : all) {
                if (!(t instanceof UpstreamTls.Plaintext)) {
                    wanted.add(t);
                    // WebSocket upgrades go over HTTP/1.1 and ask for this variant.
                    wanted.add(t.forHttp1());
                }
            }
        }
        synchronized (this) {
            specs.retainAll(wanted);
            specs.addAll(wanted);
            prepareAll(wanted);
        }
    }

    /** Builds (or finds) the contexts of {@code settings}; returns the cache keys they live under. */
    private Set<Object> prepareAll(Set<Object> settings) {
        Set<Object> keys = new HashSet<>();
        for (Object spec : settings) {
            try {
                switch (spec) {
                    case DownstreamTls d -> {
                        keys.add(serverKey(mesh(), d));
                        server(d);
                    }
                    case UpstreamTls.Mesh m -> {
                        keys.add(meshClientKey(mesh(), m));
                        client(m);
                    }
                    case UpstreamTls u -> {
                        keys.add(u);
                        client(u);
                    }
                    default -> throw new IllegalArgumentException("not a TLS setting: " + spec);
                }
            } catch (SSLException | RuntimeException e) {
                // No identity yet, or a file missing: the connection that needs it reports why.
            }
        }
        return keys;
    }

    private final List<java.util.function.LongConsumer> rotations = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Calls {@code listener} with each new generation (after a rotation or a new bundle). */
    public void onRotation(java.util.function.LongConsumer listener) {
        rotations.add(listener);
    }

    public boolean hasIdentity() {
        return identity != null && identity.current() != null && identity.trust() != null;
    }

    public @Nullable IdentityManager identity() {
        return identity;
    }

    /** The server context for a listener's mesh TLS. */
    public SslContext server(DownstreamTls tls) throws SSLException {
        Mesh mesh = mesh();
        Object key = serverKey(mesh, tls);
        SslContext cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SslContext built = SslContextBuilder.forServer(mesh.cert().key(), mesh.cert().chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .trustManager(mesh.trust())
                .clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS)
                .applicationProtocolConfig(alpn(tls.alpn()))
                .build();
        cache.put(key, built);
        return built;
    }

    /** The client context for an upstream's TLS. */
    public SslContext client(UpstreamTls tls) throws SSLException {
        return switch (tls) {
            case UpstreamTls.Plaintext p -> throw new IllegalArgumentException("plaintext has no TLS context");
            case UpstreamTls.Mesh m -> meshClient(m);
            case UpstreamTls.Files f -> filesClient(f);
        };
    }

    private static Object serverKey(Mesh mesh, DownstreamTls tls) {
        return List.of("server", mesh.cert(), mesh.trust(), tls);
    }

    private static Object meshClientKey(Mesh mesh, UpstreamTls.Mesh tls) {
        return List.of("mesh-client", mesh.cert(), mesh.trust(), tls.alpn());
    }

    private SslContext meshClient(UpstreamTls.Mesh tls) throws SSLException {
        Mesh mesh = mesh();
        Object key = meshClientKey(mesh, tls);
        SslContext cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        SslContext built = SslContextBuilder.forClient()
                .sslProvider(provider)
                .keyManager(mesh.cert().key(), mesh.cert().chain().toArray(X509Certificate[]::new))
                .trustManager(mesh.trust())
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS)
                .applicationProtocolConfig(alpn(tls.alpn()))
                .build();
        cache.put(key, built);
        return built;
    }

    private SslContext filesClient(UpstreamTls.Files tls) throws SSLException {
        SslContext cached = cache.get(tls);
        if (cached != null) {
            return cached;
        }
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider).protocols(PROTOCOLS)
                .applicationProtocolConfig(alpn(tls.alpn()));
        if (tls.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.caFile() != null) {
            b.trustManager(tls.caFile().toFile());
        }
        if (tls.certFile() != null && tls.keyFile() != null) {
            b.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
        }
        SslContext built = b.build();
        cache.put(tls, built);
        return built;
    }

    private record Mesh(WorkloadCertificate cert, SpiffeTrustManager trust) {
    }

    private Mesh mesh() throws SSLException {
        WorkloadCertificate cert = identity == null ? null : identity.current();
        SpiffeTrustManager trust = identity == null ? null : identity.trust();
        if (cert == null || trust == null) {
            throw new SSLException(identity == null
                    ? "mesh TLS is configured but this proxy has no identity (start it with --join-token or --ca-root-file)"
                    : "no workload certificate yet (waiting for the CA)");
        }
        return new Mesh(cert, trust);
    }

    private static ApplicationProtocolConfig alpn(List<String> protocols) {
        if (protocols.isEmpty()) {
            return ApplicationProtocolConfig.DISABLED;
        }
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }
}
