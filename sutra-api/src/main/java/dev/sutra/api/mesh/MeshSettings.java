package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

/**
 * Mesh-wide settings that change how config is read.
 *
 * @param trustDomain the SPIFFE trust domain of workload identities
 * @param domainSuffix the DNS suffix of cluster-local service names ({@code cluster.local})
 * @param rootNamespace the namespace whose policies apply mesh-wide ({@code istio-system})
 */
public record MeshSettings(String trustDomain, String domainSuffix, String rootNamespace) {

    public static final MeshSettings DEFAULT = new MeshSettings("cluster.local", "cluster.local", "istio-system");

    public MeshSettings {
        requireNonNull(trustDomain, "trustDomain");
        requireNonNull(domainSuffix, "domainSuffix");
        requireNonNull(rootNamespace, "rootNamespace");
    }

    /** {@code name.namespace.svc.cluster.local}. */
    public String serviceHostname(String name, String namespace) {
        return name + "." + namespace + ".svc." + domainSuffix;
    }
}
