package dev.sutra.proxy.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A listener ready to bind: its address, its direction and its single filter chain.
 *
 * @param name the LDS resource name
 * @param address where it binds
 * @param inbound whether it receives traffic for the local application
 * @param chain what it does with each connection
 */
public record CompiledListener(String name, InetSocketAddress address, boolean inbound, ListenerChain chain) {

    public CompiledListener {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        requireNonNull(chain, "chain");
    }
}
