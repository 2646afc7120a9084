package dev.sutra.xds.listener;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.sutra.xds.security.MeshTls;
import dev.sutra.xds.security.MtlsMode;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * The filter chains of a sidecar's inbound listener for the mutual TLS mode of its port, laid out
 * as Istio's {@code listener_inbound.go} does:
 * <ul>
 *   <li>STRICT: one chain, TLS with a required client certificate; plaintext fails the handshake.
 *   <li>PERMISSIVE: the TLS inspector listener filter reads the first bytes, then Envoy's filter
 *       chain match picks the chain with {@code transport_protocol: tls} for a TLS ClientHello and
 *       the one with {@code raw_buffer} for anything else.
 *   <li>DISABLE: one plaintext chain.
 * </ul>
 * The plaintext chain keeps the name {@code inbound|<port>||}; the TLS chain adds {@code tls}, so
 * names stay unique within a listener and config dumps and stats tell the two apart.
 */
final class InboundTls {

    static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";

    /** Envoy's transport protocol names, as the TLS inspector sets them. */
    static final String TLS = "tls";
    static final String RAW_BUFFER = "raw_buffer";

    private InboundTls() {
    }

    /**
     * Adds the chains for {@code mode} to {@code listener}. {@code plaintext} and {@code mutual}
     * build each chain's network filter (an HTTP manager differs behind TLS: it forwards the peer's
     * identity).
     */
    static void addChains(Listener.Builder listener, String chainName, MtlsMode mode, boolean http,
            String trustDomain, Supplier<Filter> plaintext, Supplier<Filter> mutual) {
        if (mode == MtlsMode.PERMISSIVE) {
            listener.addListenerFilters(ListenerFilter.newBuilder()
                    .setName(TLS_INSPECTOR)
                    .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
        }
        if (mode != MtlsMode.DISABLE) {
            FilterChain.Builder chain = FilterChain.newBuilder()
                    .setName(chainName + TLS)
                    .setTransportSocket(MeshTls.tlsSocket(context(http, trustDomain)))
                    .addFilters(mutual.get());
            if (mode == MtlsMode.PERMISSIVE) {
                chain.setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol(TLS));
            }
            listener.addFilterChains(chain);
        }
        if (mode != MtlsMode.STRICT) {
            FilterChain.Builder chain = FilterChain.newBuilder().setName(chainName).addFilters(plaintext.get());
            if (mode == MtlsMode.PERMISSIVE) {
                chain.setFilterChainMatch(FilterChainMatch.newBuilder().setTransportProtocol(RAW_BUFFER));
            }
            listener.addFilterChains(chain);
        }
    }

    /**
     * The server side of the mesh's mutual TLS: a client certificate is required and must chain
     * to the trust bundle and carry a SPIFFE identity of the trust domain (authorization of
     * particular identities is the RBAC filter's job, not the handshake's). HTTP ports offer h2
     * and http/1.1 by ALPN, and the connection manager's AUTO codec follows what was negotiated.
     */
    private static DownstreamTlsContext context(boolean http, String trustDomain) {
        return DownstreamTlsContext.newBuilder()
                .setRequireClientCertificate(BoolValue.of(true))
                .setCommonTlsContext(MeshTls.meshContext(http ? MeshTls.ALPN_HTTP : List.of(),
                        List.of(MeshTls.anyIdentityOf(trustDomain))))
                .build();
    }
}
