package dev.sutra.proxy.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A listener ready to bind: its address, its direction and its filter chains (one, or a TLS and a
 * plaintext chain when the listener accepts both, as with PeerAuthentication PERMISSIVE).
 *
 * @param name the LDS resource name
 * @param address where it binds
 * @param inbound whether it receives traffic for the local application
 * @param chains the filter chains, in match order
 */
public record CompiledListener(String name, InetSocketAddress address, boolean inbound, List<FilterChainSpec> chains) {

    public CompiledListener {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        chains = List.copyOf(chains);
        if (chains.isEmpty()) {
            throw new IllegalArgumentException("listener " + name + " has no filter chain");
        }
    }

    /** The chain for plaintext connections, or null when the listener requires TLS. */
    public @Nullable FilterChainSpec plaintextChain() {
        for (FilterChainSpec c : chains) {
            if (c.tls() == null && c.acceptsPlaintext()) {
                return c;
            }
        }
        return null;
    }

    /** The chain for TLS connections, or null when the listener terminates no TLS. */
    public @Nullable FilterChainSpec tlsChain() {
        for (FilterChainSpec c : chains) {
            if (c.tls() != null && c.acceptsTls()) {
                return c;
            }
        }
        return null;
    }
}
