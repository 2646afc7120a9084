package dev.sutra.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * One filter chain of a listener: which connections it takes (by transport protocol, as Envoy's
 * TLS inspector tells them apart), the TLS it terminates, and what it does.
 *
 * @param transport {@code tls}, {@code raw_buffer}, or empty for any
 * @param tls the TLS terminated, or null for plaintext
 * @param chain the network filter
 */
public record FilterChainSpec(String transport, @Nullable DownstreamTls tls, ListenerChain chain) {

    public FilterChainSpec {
        requireNonNull(transport, "transport");
        requireNonNull(chain, "chain");
    }

    public boolean acceptsTls() {
        return transport.isEmpty() || transport.equals("tls");
    }

    public boolean acceptsPlaintext() {
        return transport.isEmpty() || transport.equals("raw_buffer");
    }
}
