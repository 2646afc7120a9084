package dev.sutra.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.Generator;
import dev.sutra.xds.node.ProxyNode;
import dev.sutra.xds.security.MtlsMode;
import dev.sutra.xds.telemetry.AccessLogging;
import java.util.Optional;

/** One proxy's translation: the shared mesh index and the node being served. */
public record ProxyContext(MeshIndex index, ProxyNode proxy) {

    public ProxyContext {
        requireNonNull(index, "index");
        requireNonNull(proxy, "proxy");
    }

    public boolean isGrpc() {
        return proxy.generator() == Generator.GRPC;
    }

    public String domainSuffix() {
        return index.settings().domainSuffix();
    }

    /**
     * Whether this proxy's resources carry TLS: only when the mesh has identities (a trust bundle),
     * and never for proxyless gRPC, whose xDS client NACKs TLS contexts that name SDS secrets.
     */
    public boolean mtlsEnabled() {
        return index.state().hasIdentities() && !isGrpc();
    }

    public String trustDomain() {
        return index.settings().trustDomain();
    }

    /** Which of this proxy's listeners log requests (Telemetry's access logging). */
    public AccessLogging.Sides accessLogging() {
        return index.accessLogging().forWorkload(proxy.namespace(), proxy.labels());
    }

    /** What the inbound listener of {@code port} accepts: its PeerAuthentication mode, or plaintext. */
    public MtlsMode inboundMtls(AppPort port) {
        if (!mtlsEnabled()) {
            return MtlsMode.DISABLE;
        }
        return index.peerAuthentications().forWorkload(proxy.namespace(), proxy.labels()).forPort(port.targetPort());
    }

    /**
     * The port a destination without an explicit port goes to: the service's only port, else the
     * port of the virtual host being built (Istio's rule).
     */
    public int destinationPort(String host, int explicitPort, int vhostPort) {
        if (explicitPort > 0) {
            return explicitPort;
        }
        Optional<MeshService> service = index.catalog().service(host);
        if (service.isPresent() && service.get().ports().size() == 1) {
            return service.get().ports().get(0).number();
        }
        return vhostPort;
    }

    /** The service port named by host and number, if the service and port are known. */
    public Optional<ServicePort> servicePort(String host, int port) {
        return index.catalog().service(host).flatMap(s -> s.port(port));
    }
}
