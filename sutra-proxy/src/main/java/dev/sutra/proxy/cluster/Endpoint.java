package dev.sutra.proxy.cluster;

import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.Locality;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One upstream endpoint of an {@link EndpointSet}. Immutable; identity is the object itself (the
 * same address in two sets gives two endpoints).
 */
public final class Endpoint {
    private final int index;
    private final String host;
    private final int port;
    private final String address;
    private final int weight;
    private final EndpointHealth health;
    private final int priority;
    private final int localityIndex;
    private final Locality locality;
    private final String hostname;
    private final Map<String, Struct> metadata;
    private final InetSocketAddress socketAddress;

    Endpoint(int index, String host, int port, int weight, EndpointHealth health, int priority,
            int localityIndex, Locality locality, String hostname, Map<String, Struct> metadata) {
        this.index = index;
        this.host = host;
        this.port = port;
        this.address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.weight = weight;
        this.health = health;
        this.priority = priority;
        this.localityIndex = localityIndex;
        this.locality = locality;
        this.hostname = hostname;
        this.metadata = Map.copyOf(metadata);
        // An IP literal: parsed, never looked up.
        this.socketAddress = new InetSocketAddress(host, port);
    }

    /** The address to connect to, built once. */
    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    /** Whether the endpoint runs a sidecar (Istio's {@code tlsMode: istio} transport socket match). */
    public boolean hasSidecar() {
        Struct match = metadata.get("envoy.transport_socket_match");
        return match != null && match.getFieldsMap().containsKey("tlsMode")
                && "istio".equals(match.getFieldsMap().get("tlsMode").getStringValue());
    }

    /** Dense index of this endpoint in its set, 0 to size - 1; used for per-endpoint arrays. */
    public int index() {
        return index;
    }

    /** The IP address, without brackets for IPv6. */
    public String host() {
        return host;
    }

    /** The port, 1 to 65535. */
    public int port() {
        return port;
    }

    /** {@code host:port}, IPv6 in brackets. */
    public String address() {
        return address;
    }

    /** {@code load_balancing_weight}, 1 when unset. */
    public int weight() {
        return weight;
    }

    /** Health as EDS reported it. */
    public EndpointHealth health() {
        return health;
    }

    /** The priority level, 0 the highest. */
    public int priority() {
        return priority;
    }

    /** Index of its locality within its priority level. */
    public int localityIndex() {
        return localityIndex;
    }

    /** Its locality (region, zone, sub-zone). */
    public Locality locality() {
        return locality;
    }

    /** {@code hostname}; empty when unset. */
    public String hostname() {
        return hostname;
    }

    /** {@code metadata.filter_metadata} by filter name. */
    public Map<String, Struct> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return address + (health == EndpointHealth.HEALTHY ? "" : " " + health) + " w=" + weight
                + " p=" + priority;
    }
}
