package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service of the mesh: a hostname clients call, its ports, and which workloads serve it.
 *
 * @param hostname the fully qualified name, e.g. {@code reviews.default.svc.cluster.local}
 * @param namespace the namespace that owns the service
 * @param ports the ports clients dial
 * @param selector the labels that pick its workloads; empty when endpoints are listed or resolved
 * @param resolution how endpoints are found
 * @param external whether the service runs outside the mesh (no sidecars)
 * @param origin what defined it, for messages ({@code ServiceEntry default/ext} or {@code proxy ...})
 */
public record MeshService(String hostname, String namespace, List<ServicePort> ports, Map<String, String> selector,
        Resolution resolution, boolean external, String origin) {

    public MeshService {
        requireNonNull(hostname, "hostname");
        requireNonNull(namespace, "namespace");
        requireNonNull(resolution, "resolution");
        requireNonNull(origin, "origin");
        ports = List.copyOf(ports);
        selector = Map.copyOf(selector);
    }

    public Optional<ServicePort> port(int number) {
        for (ServicePort p : ports) {
            if (p.number() == number) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The short name, {@code reviews} for {@code reviews.default.svc.cluster.local}. */
    public String shortName() {
        int dot = hostname.indexOf('.');
        return dot < 0 ? hostname : hostname.substring(0, dot);
    }

    /** Whether the hostname is a Kubernetes-style {@code name.namespace.svc.<suffix>} name. */
    public boolean isClusterLocal(String domainSuffix) {
        return hostname.equals(shortName() + "." + namespace + ".svc." + domainSuffix);
    }
}
