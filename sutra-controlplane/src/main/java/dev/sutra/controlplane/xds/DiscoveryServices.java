package dev.sutra.controlplane.xds;

import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.ServerServiceDefinition;
import java.util.List;

/**
 * The xDS v3 services (ADS and the per-type services) over one java-control-plane discovery
 * server, answered by {@link XdsCache}. Both xDS ports, plaintext and TLS, bind definitions from
 * the same instance: java-control-plane numbers streams per instance, and {@link StreamTracker}
 * keys streams by that number, so two instances would mix up their streams' nodes.
 */
public final class DiscoveryServices {

    private final V3DiscoveryServer discovery;

    public DiscoveryServices(XdsCache cache, StreamTracker streams) {
        streams.attach(cache);
        this.discovery = new V3DiscoveryServer(streams, cache);
    }

    /** Fresh service definitions for one more server. */
    public List<ServerServiceDefinition> definitions() {
        return List.of(
                discovery.getAggregatedDiscoveryServiceImpl().bindService(),
                discovery.getClusterDiscoveryServiceImpl().bindService(),
                discovery.getEndpointDiscoveryServiceImpl().bindService(),
                discovery.getListenerDiscoveryServiceImpl().bindService(),
                discovery.getRouteDiscoveryServiceImpl().bindService());
    }
}
