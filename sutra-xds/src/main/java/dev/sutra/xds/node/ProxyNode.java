package dev.sutra.xds.node;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.Locality;
import java.util.List;
import java.util.Map;

/**
 * Who is asking for configuration: an xDS node, read from its {@code Node} message.
 *
 * @param id the node id ({@code sidecar~127.0.0.1~reviews-v1-x7k2.default~default.svc.cluster.local})
 * @param generator which resource shapes it understands
 * @param namespace the namespace it runs in
 * @param serviceAccount the service account its identity carries
 * @param service the service it fronts, or empty for a client-only node
 * @param labels its workload's labels
 * @param address the address peers reach it at
 * @param locality where it runs
 * @param ports what it serves inbound
 * @param outboundAddress the address its outbound HTTP listener binds (a sidecar's; empty for gRPC)
 * @param outboundPort the port of its outbound HTTP listener, 0 for none
 * @param upstreams local TCP binds for services (Consul-style upstreams)
 */
public record ProxyNode(String id, Generator generator, String namespace, String serviceAccount, String service,
        Map<String, String> labels, String address, Locality locality, List<AppPort> ports,
        String outboundAddress, int outboundPort, List<UpstreamBind> upstreams) {

    public ProxyNode {
        requireNonNull(id, "id");
        requireNonNull(generator, "generator");
        requireNonNull(namespace, "namespace");
        requireNonNull(serviceAccount, "serviceAccount");
        requireNonNull(service, "service");
        requireNonNull(address, "address");
        requireNonNull(locality, "locality");
        requireNonNull(outboundAddress, "outboundAddress");
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        upstreams = List.copyOf(upstreams);
    }

    /** A local port bound to one port of a service, for TCP and Host-less clients. */
    public record UpstreamBind(String host, int port, String bindAddress, int bindPort) {
    }
}
