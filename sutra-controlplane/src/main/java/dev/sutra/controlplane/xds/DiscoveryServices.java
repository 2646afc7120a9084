package dev.sutra.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
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
        this.discovery = new V3DiscoveryServer(List.of(streams), cache, new DefaultExecutorGroup(),
                new PrePacked());
    }

    /**
     * Serializes resources {@link XdsCache} packed already by handing them over as they are, and
     * packs anything else. The cache packs each shared resource once per push; the stock serializer
     * would pack it again for every proxy. (java-control-plane also reads resource names from the
     * response, for bookkeeping this cache does not use: it reads none from an {@link Any}.)
     */
    private static final class PrePacked implements ProtoResourcesSerializer {
        @Override
        public Any serialize(Message resource, Resources.ApiVersion apiVersion) {
            return resource instanceof Any packed ? packed : Any.pack(resource);
        }
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
