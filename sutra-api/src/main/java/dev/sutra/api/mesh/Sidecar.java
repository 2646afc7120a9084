package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a proxy fronts a workload, and how peers reach it. A workload with a sidecar accepts
 * mutual TLS from the mesh. Without transparent capture a peer dials the sidecar's inbound port
 * instead of the application's, so each application port may map to the inbound listener port that
 * serves it; a sidecar that captures traffic (a VM labelled {@code security.istio.io/tlsMode: istio})
 * maps none.
 *
 * @param present whether there is a sidecar at all
 * @param proxyId the proxy's xDS node id, empty when not known to this control plane
 * @param inboundPorts application (target) port to the sidecar's inbound listener port
 */
public record Sidecar(boolean present, String proxyId, Map<Integer, Integer> inboundPorts) {

    /** No sidecar: peers dial the workload itself, in plaintext unless told otherwise. */
    public static final Sidecar NONE = new Sidecar(false, "", Map.of());

    /** A sidecar that captures the application's own ports, as Istio's tlsMode label declares. */
    public static final Sidecar CAPTURING = new Sidecar(true, "", Map.of());

    public Sidecar {
        requireNonNull(proxyId, "proxyId");
        inboundPorts = Map.copyOf(inboundPorts);
    }

    /** A connected Sutra proxy with its inbound listener ports. */
    public static Sidecar proxy(String proxyId, Map<Integer, Integer> inboundPorts) {
        return new Sidecar(true, proxyId, inboundPorts);
    }

    public Optional<Integer> inboundPort(int targetPort) {
        return Optional.ofNullable(inboundPorts.get(targetPort));
    }
}
