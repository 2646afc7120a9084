package dev.sutra.xds;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.Hostnames;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.Resolution;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.Workload;
import dev.sutra.xds.security.PeerAuthentications;
import dev.sutra.xds.telemetry.AccessLogging;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lookups over one {@link MeshState} that every proxy's translation shares: which VirtualService
 * and DestinationRule govern a host, each service's endpoints, and the PeerAuthentications. Built
 * once per state; immutable.
 */
public final class MeshIndex {

    /** The gateway name that means "sidecars of the mesh". */
    public static final String MESH_GATEWAY = "mesh";

    private final MeshState state;
    private final HostTable<VirtualService> virtualServices = new HostTable<>();
    /** DestinationRules by the namespace they are in. */
    private final Map<String, HostTable<DestinationRule>> destinationRules = new HashMap<>();
    private final Map<String, List<Workload>> endpoints = new HashMap<>();
    private final PeerAuthentications peerAuthentications;
    private final AccessLogging accessLogging;
    private final Set<String> routeLabelKeys;

    public MeshIndex(MeshState state) {
        this.state = state;
        String suffix = state.settings().domainSuffix();
        for (ConfigResource<VirtualService> vs : state.config().virtualServices()) {
            List<String> gateways = Objects.requireNonNullElse(vs.spec().getGateways(), List.of());
            if (!gateways.isEmpty() && !gateways.contains(MESH_GATEWAY)) {
                continue;
            }
            List<String> hosts = new ArrayList<>();
            for (String h : Objects.requireNonNullElse(vs.spec().getHosts(), List.<String>of())) {
                hosts.add(Hostnames.resolve(h, vs.namespace(), suffix));
            }
            virtualServices.add(vs, hosts);
        }
        // Every VirtualService, not just the mesh's: a superset of keys only splits classes finer.
        routeLabelKeys = Set.copyOf(sourceLabelKeys(state.config().virtualServices()));
        for (ConfigResource<DestinationRule> dr : state.config().destinationRules()) {
            String host = dr.spec().getHost() == null ? "" : Hostnames.resolve(dr.spec().getHost(), dr.namespace(), suffix);
            destinationRules.computeIfAbsent(dr.namespace(), ns -> new HostTable<>()).add(dr, List.of(host));
        }
        for (MeshService s : state.catalog().services()) {
            endpoints.put(s.hostname(), state.catalog().endpoints(s));
        }
        peerAuthentications = new PeerAuthentications(state.config().peerAuthentications(),
                state.settings().rootNamespace());
        accessLogging = new AccessLogging(state.config().telemetries(), state.settings().rootNamespace());
    }

    private static Set<String> sourceLabelKeys(List<ConfigResource<VirtualService>> virtualServices) {
        Set<String> keys = new TreeSet<>();
        for (ConfigResource<VirtualService> vs : virtualServices) {
            for (HTTPRoute route : Objects.requireNonNullElse(vs.spec().getHttp(), List.<HTTPRoute>of())) {
                for (HTTPMatchRequest match : Objects.requireNonNullElse(route.getMatch(),
                        List.<HTTPMatchRequest>of())) {
                    if (match.getSourceLabels() != null) {
                        keys.addAll(match.getSourceLabels().keySet());
                    }
                }
            }
        }
        return keys;
    }

    public MeshState state() {
        return state;
    }

    public MeshSettings settings() {
        return state.settings();
    }

    public ServiceCatalog catalog() {
        return state.catalog();
    }

    public PeerAuthentications peerAuthentications() {
        return peerAuthentications;
    }

    /** Access logging as the Telemetry resources set it. */
    public AccessLogging accessLogging() {
        return accessLogging;
    }

    /**
     * The label keys that some sidecar VirtualService matches with {@code sourceLabels}: the only
     * labels of a client that change its outbound routes ({@link ProxyClass}).
     */
    public Set<String> routeLabelKeys() {
        return routeLabelKeys;
    }

    public List<Workload> endpoints(MeshService service) {
        return endpoints.getOrDefault(service.hostname(), List.of());
    }

    /** Whether the service's endpoints are its hostnames resolved by DNS (no listed or selected ones). */
    public boolean resolvedByDns(MeshService service) {
        return endpoints(service).isEmpty() && (service.resolution() == Resolution.DNS
                || service.resolution() == Resolution.DNS_ROUND_ROBIN);
    }

    /**
     * The VirtualService that routes {@code host} for sidecars: an exact host beats a wildcard, a
     * longer wildcard beats a shorter one, and among equals the first by namespace and name wins
     * (Istio takes the oldest; Sutra has no creation times, so order is by key and the analyzer
     * reports the conflict).
     */
    public Optional<ConfigResource<VirtualService>> virtualServiceFor(String host) {
        return virtualServices.find(host);
    }

    /**
     * The DestinationRule for {@code host} as Istio picks it for a client in {@code clientNamespace}:
     * a rule in the client's namespace first, then in the service's namespace, then in the root
     * namespace; within each, the most specific host.
     */
    public Optional<ConfigResource<DestinationRule>> destinationRuleFor(String host, String clientNamespace,
            String serviceNamespace) {
        for (String ns : List.of(clientNamespace, serviceNamespace, state.settings().rootNamespace())) {
            HostTable<DestinationRule> inNamespace = destinationRules.get(ns);
            Optional<ConfigResource<DestinationRule>> found = inNamespace == null ? Optional.empty()
                    : inNamespace.find(host);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
