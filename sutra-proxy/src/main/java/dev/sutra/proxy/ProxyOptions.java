package dev.sutra.proxy;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.api.mesh.Locality;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run one sidecar proxy.
 *
 * @param service the service the workload serves ({@code reviews})
 * @param namespace its namespace
 * @param serviceAccount its identity's service account
 * @param labels workload labels ({@code version=v1})
 * @param address the address peers reach this proxy at
 * @param ports the application ports and the inbound ports that front them
 * @param outboundAddress where the outbound HTTP listener binds (loopback by default)
 * @param outboundPort the outbound HTTP listener's port, 0 for none
 * @param adminAddress where the admin server binds
 * @param adminPort the admin port
 * @param controlPlaneHost the control plane's host
 * @param controlPlanePort its xDS port
 * @param stateDir where the last accepted config is kept
 * @param locality where the workload runs
 * @param upstreams local binds for services (TCP and Host-less clients)
 * @param workers event loop threads, 0 for one per core
 * @param initialWait how long to wait for the control plane before booting from the state directory
 * @param identity how the proxy gets its workload identity, or null for a mesh without identities
 *     (plaintext xDS and data path)
 */
public record ProxyOptions(String service, String namespace, String serviceAccount, Map<String, String> labels,
        String address, List<AppPort> ports, String outboundAddress, int outboundPort, String adminAddress,
        int adminPort, String controlPlaneHost, int controlPlanePort, Path stateDir, Locality locality,
        List<ProxyNode.UpstreamBind> upstreams, int workers, Duration initialWait, @Nullable IdentityOptions identity) {

    /**
     * Where first trust comes from: a join token (which carries the root's pin) or the mesh's root
     * certificate in a file; the control plane is then reached over TLS.
     */
    public record IdentityOptions(@Nullable String joinToken, @Nullable Path caRootFile, String trustDomain) {
    }

    public ProxyOptions {
        requireNonNull(service, "service");
        requireNonNull(namespace, "namespace");
        requireNonNull(serviceAccount, "serviceAccount");
        requireNonNull(address, "address");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(locality, "locality");
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        upstreams = List.copyOf(upstreams);
    }

    /**
     * The workload's name in its node id: stable across restarts (service and inbound port) so a
     * restarted proxy takes its own place in the registry instead of appearing twice.
     */
    public String workloadName() {
        int port = ports.isEmpty() ? outboundPort : ports.get(0).inboundPort();
        return service + "-" + port;
    }

    public ProxyNode node(String domainSuffix) {
        return new ProxyNode(NodeMetadata.sidecarId(address, workloadName(), namespace, domainSuffix),
                Generator.SIDECAR, namespace, serviceAccount, service, labels, address, locality, ports,
                outboundAddress, outboundPort, upstreams);
    }
}
