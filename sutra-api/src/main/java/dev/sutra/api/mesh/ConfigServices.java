package dev.sutra.api.mesh;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ConfigSnapshot;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryLocation;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The services and workloads that config declares: ServiceEntries (one service per host) with their
 * listed endpoints, and WorkloadEntries.
 */
public final class ConfigServices {

    /** The label by which Istio marks an endpoint whose sidecar accepts mutual TLS. */
    public static final String TLS_MODE_LABEL = "security.istio.io/tlsMode";

    private ConfigServices() {
    }

    /** The catalog that {@code config} alone defines. */
    public static ServiceCatalog catalog(ConfigSnapshot config) {
        List<MeshService> services = new ArrayList<>();
        Map<String, List<Workload>> listed = new LinkedHashMap<>();
        for (ConfigResource<ServiceEntry> se : config.serviceEntries()) {
            List<Workload> endpoints = listedEndpoints(se);
            for (String host : orEmpty(se.spec().getHosts())) {
                services.add(service(se, host));
                // Without a selector the listed endpoints are all there is (none for DNS resolution,
                // where the translator resolves the hostnames themselves).
                if (se.spec().getWorkloadSelector() == null) {
                    listed.putIfAbsent(host, endpoints);
                }
            }
        }
        List<Workload> workloads = new ArrayList<>();
        for (ConfigResource<WorkloadEntry> we : config.workloadEntries()) {
            workloads.add(workload(we.spec(), we.name(), we.namespace(), "WorkloadEntry " + we.namespace() + "/"
                    + we.name()));
        }
        return ServiceCatalog.of(services, workloads, listed);
    }

    private static MeshService service(ConfigResource<ServiceEntry> se, String host) {
        ServiceEntry spec = se.spec();
        List<ServicePort> ports = new ArrayList<>();
        for (io.fabric8.istio.api.api.networking.v1alpha3.ServicePort p : orEmpty(spec.getPorts())) {
            Protocol protocol = p.getProtocol() != null ? Protocol.parse(p.getProtocol())
                    : Protocol.fromPortName(p.getName());
            ports.add(new ServicePort(Objects.requireNonNullElse(p.getName(), ""), intOf(p.getNumber()), protocol,
                    intOf(p.getTargetPort())));
        }
        Map<String, String> selector = spec.getWorkloadSelector() == null ? Map.of()
                : Objects.requireNonNullElse(spec.getWorkloadSelector().getLabels(), Map.of());
        boolean external = spec.getLocation() != ServiceEntryLocation.MESH_INTERNAL;
        return new MeshService(host, se.namespace(), ports, selector, resolution(spec.getResolution()), external,
                "ServiceEntry " + se.namespace() + "/" + se.name());
    }

    private static List<Workload> listedEndpoints(ConfigResource<ServiceEntry> se) {
        List<Workload> out = new ArrayList<>();
        List<WorkloadEntry> endpoints = orEmpty(se.spec().getEndpoints());
        for (int i = 0; i < endpoints.size(); i++) {
            out.add(workload(endpoints.get(i), se.name() + "-" + i, se.namespace(),
                    "ServiceEntry " + se.namespace() + "/" + se.name() + " endpoints[" + i + "]"));
        }
        return out;
    }

    private static Workload workload(WorkloadEntry spec, String name, String namespace, String origin) {
        Map<String, Integer> ports = new HashMap<>();
        Objects.requireNonNullElse(spec.getPorts(), Map.<String, Long>of())
                .forEach((portName, number) -> ports.put(portName, number.intValue()));
        Map<String, String> labels = Objects.requireNonNullElse(spec.getLabels(), Map.of());
        Sidecar sidecar = "istio".equals(labels.get(TLS_MODE_LABEL)) ? Sidecar.CAPTURING : Sidecar.NONE;
        String serviceAccount = spec.getServiceAccount() == null || spec.getServiceAccount().isEmpty()
                ? "default" : spec.getServiceAccount();
        return new Workload(name, namespace, Objects.requireNonNullElse(spec.getAddress(), ""), labels,
                serviceAccount, Locality.parse(spec.getLocality()), spec.getWeight() == null ? 1 : spec.getWeight().intValue(),
                ports, sidecar, origin);
    }

    static Resolution resolution(ServiceEntryResolution resolution) {
        if (resolution == null) {
            return Resolution.NONE;
        }
        return switch (resolution) {
            case STATIC -> Resolution.STATIC;
            case DNS -> Resolution.DNS;
            case DNS_ROUND_ROBIN -> Resolution.DNS_ROUND_ROBIN;
            case NONE, DYNAMIC_DNS -> Resolution.NONE;
        };
    }

    private static int intOf(Long value) {
        return value == null ? 0 : value.intValue();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
