package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Several mesh VirtualServices for one host. Gateways merge VirtualServices, but sidecars take one
 * per host, and which one is not defined, so the others' routes silently do not apply. Two
 * VirtualServices conflict only where both are visible (their {@code exportTo} overlap).
 */
final class ConflictingMeshHostsAnalyzer implements Analyzer {

    /** One host of one VirtualService. */
    private record Claim(ConfigResource<VirtualService> vs, int index, Set<String> visibleIn) {
    }

    @Override
    public String name() {
        return "virtualservice.ConflictingMeshGatewayHosts";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        Map<String, List<Claim>> byHost = new TreeMap<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            if (!VirtualServiceHostAnalyzer.appliesToMesh(vs.spec())) {
                continue;
            }
            Set<String> visibleIn = visibility(vs);
            List<String> hosts = list(vs.spec().getHosts());
            for (int i = 0; i < hosts.size(); i++) {
                String host = context.resolve(hosts.get(i), vs.namespace());
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new Claim(vs, i, visibleIn));
            }
        }
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, claims) -> {
            for (Claim claim : claims) {
                List<String> others = new ArrayList<>();
                for (Claim other : claims) {
                    if (other.vs != claim.vs && overlap(claim.visibleIn, other.visibleIn)) {
                        others.add(other.vs.key().namespace() + "/" + other.vs.key().name());
                    }
                }
                if (others.isEmpty()) {
                    continue;
                }
                findings.add(Finding.of(FindingType.CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS, claim.vs,
                        FieldPath.of("spec", "hosts").index(claim.index), "host " + host + " is also routed for the "
                                + "mesh by VirtualService " + String.join(", ", others) + "; sidecars apply only one "
                                + "of them, which one is undefined (expected: one VirtualService per host for the "
                                + "mesh; merge their routes)"));
            }
        });
        return findings;
    }

    /** The namespaces that see a VirtualService; "*" for all. */
    private static Set<String> visibility(ConfigResource<VirtualService> vs) {
        List<String> exportTo = list(vs.spec().getExportTo());
        Set<String> namespaces = new HashSet<>();
        if (exportTo.isEmpty() || exportTo.contains("*")) {
            namespaces.add("*");
            return namespaces;
        }
        for (String ns : exportTo) {
            namespaces.add(ns.equals(".") ? vs.namespace() : ns);
        }
        return namespaces;
    }

    private static boolean overlap(Set<String> a, Set<String> b) {
        if (a.contains("*") || b.contains("*")) {
            return !a.isEmpty() && !b.isEmpty() && !a.contains("~") && !b.contains("~");
        }
        for (String ns : a) {
            if (b.contains(ns)) {
                return true;
            }
        }
        return false;
    }
}
