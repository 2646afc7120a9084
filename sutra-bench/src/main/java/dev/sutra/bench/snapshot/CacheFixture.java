package dev.sutra.bench.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.sutra.bench.mesh.MeshShape;
import dev.sutra.bench.mesh.MeshYaml;
import dev.sutra.bench.mesh.SyntheticMesh;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.controlplane.xds.DiscoveryServices;
import dev.sutra.controlplane.xds.StreamTracker;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.node.NodeMetadata;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@link XdsCache} with {@code proxies} sidecars of a synthetic mesh subscribed to CDS, LDS, EDS
 * and RDS, driven as java-control-plane's server drives it (stream callback, then a watch) but
 * without gRPC. Two mesh states that differ in one service's endpoints let a benchmark push
 * back and forth.
 */
final class CacheFixture implements AutoCloseable {

    private final ProxyRegistry registry = new ProxyRegistry(Duration.ofMinutes(10));
    private final StreamTracker streams = new StreamTracker(registry);
    private final XdsCache cache = new XdsCache(streams);
    private final MeshIndex[] indexes;
    private final Response[] heldEds;
    private int current;

    CacheFixture(int services, int proxies) {
        MeshShape shape = new MeshShape(services, 10, proxies);
        SyntheticMesh mesh = SyntheticMesh.of(shape);
        indexes = new MeshIndex[] {mesh.index(), mesh.apply(new MeshYaml(shape).workloadEntry(0, 1)).index()};
        new DiscoveryServices(cache, streams);
        cache.update(indexes[0]);
        heldEds = new Response[proxies];
        for (int j = 0; j < proxies; j++) {
            DiscoveryRequest hello = DiscoveryRequest.newBuilder()
                    .setNode(NodeMetadata.toNode(mesh.nodes().get(j)))
                    .setTypeUrl(TypeUrls.CLUSTER)
                    .build();
            Response cds = request(j, hello);
            Response lds = request(j, DiscoveryRequest.newBuilder().setTypeUrl(TypeUrls.LISTENER).build());
            List<String> edsNames = new ArrayList<>();
            for (var resource : cds.resources()) {
                edsNames.add(clusterName(resource));
            }
            heldEds[j] = request(j, DiscoveryRequest.newBuilder().setTypeUrl(TypeUrls.ENDPOINT)
                    .addAllResourceNames(edsNames).build());
            request(j, DiscoveryRequest.newBuilder().setTypeUrl(TypeUrls.ROUTE).addResourceNames("http_proxy").build());
            request(j, ack(cds));
            request(j, ack(lds));
        }
    }

    /** The name of a cluster as the cache hands it out (packed, or not). */
    private static String clusterName(Message resource) {
        try {
            return resource instanceof Any any ? any.unpack(Cluster.class).getName() : ((Cluster) resource).getName();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Proxy {@code j} sends {@code request}; returns the response it got at once, or null. */
    Response request(int j, DiscoveryRequest request) {
        Response[] answer = new Response[1];
        streams.onV3StreamRequest(j, request);
        cache.createWatch(true, XdsRequest.create(request), Set.of(), r -> answer[0] = r, false, false);
        return answer[0];
    }

    /** The ACK of {@code response}, naming what its request named. */
    static DiscoveryRequest ack(Response response) {
        return DiscoveryRequest.newBuilder()
                .setTypeUrl(response.request().getTypeUrl())
                .setVersionInfo(response.version())
                .setResponseNonce("1")
                .addAllResourceNames(response.request().getResourceNamesList())
                .build();
    }

    /** The EDS response proxy {@code j} holds. */
    Response heldEds(int j) {
        return heldEds[j];
    }

    /** Every proxy ACKs its EDS, leaving a watch that the next push answers. */
    void armEdsWatches() {
        for (int j = 0; j < heldEds.length; j++) {
            int proxy = j;
            DiscoveryRequest ack = ack(heldEds[j]);
            streams.onV3StreamRequest(j, ack);
            cache.createWatch(true, XdsRequest.create(ack), Set.of(), r -> heldEds[proxy] = r, false, false);
        }
    }

    /** Publishes the other mesh state; returns how many proxies got new resources. */
    int pushOther() {
        current ^= 1;
        return cache.update(indexes[current]);
    }

    @Override
    public void close() {
        registry.close();
    }
}
