package dev.sutra.api.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The services of the mesh and the workloads behind them, at one moment. Immutable.
 *
 * <p>A service's endpoints are its listed endpoints when it has any (ServiceEntry {@code endpoints}),
 * else the workloads of its namespace that its selector matches. A service with neither (DNS
 * resolution of its hostnames) has no workload endpoints.
 */
public final class ServiceCatalog {

    private static final ServiceCatalog EMPTY = new ServiceCatalog(List.of(), List.of(), Map.of());

    private final Map<String, MeshService> services;
    private final List<Workload> workloads;
    private final Map<String, List<Workload>> listedEndpoints;

    private ServiceCatalog(List<MeshService> services, List<Workload> workloads,
            Map<String, List<Workload>> listedEndpoints) {
        Map<String, MeshService> byHost = new TreeMap<>();
        for (MeshService s : services) {
            byHost.putIfAbsent(s.hostname(), s);
        }
        this.services = Collections.unmodifiableMap(byHost);
        this.workloads = List.copyOf(workloads);
        Map<String, List<Workload>> listed = new LinkedHashMap<>();
        listedEndpoints.forEach((host, list) -> listed.put(host, List.copyOf(list)));
        this.listedEndpoints = Collections.unmodifiableMap(listed);
    }

    public static ServiceCatalog empty() {
        return EMPTY;
    }

    /**
     * A catalog of {@code services} (the first definition of a hostname wins), the selectable
     * {@code workloads}, and endpoints listed per hostname.
     */
    public static ServiceCatalog of(List<MeshService> services, List<Workload> workloads,
            Map<String, List<Workload>> listedEndpoints) {
        return new ServiceCatalog(services, workloads, listedEndpoints);
    }

    /** This catalog plus more services (which never replace existing hostnames) and workloads. */
    public ServiceCatalog plus(List<MeshService> moreServices, List<Workload> moreWorkloads) {
        List<MeshService> allServices = new ArrayList<>(services.values());
        allServices.addAll(moreServices);
        List<Workload> allWorkloads = new ArrayList<>(workloads);
        allWorkloads.addAll(moreWorkloads);
        return new ServiceCatalog(allServices, allWorkloads, listedEndpoints);
    }

    /** Services in hostname order. */
    public Collection<MeshService> services() {
        return services.values();
    }

    public Optional<MeshService> service(String hostname) {
        return Optional.ofNullable(services.get(hostname));
    }

    /** Workloads that selectors can pick (WorkloadEntries and registered proxies). */
    public List<Workload> workloads() {
        return workloads;
    }

    /** The endpoints of {@code service}: listed ones, else selected workloads of its namespace. */
    public List<Workload> endpoints(MeshService service) {
        List<Workload> listed = listedEndpoints.get(service.hostname());
        if (listed != null) {
            return listed;
        }
        if (service.selector().isEmpty()) {
            return List.of();
        }
        List<Workload> selected = new ArrayList<>();
        for (Workload w : workloads) {
            if (w.namespace().equals(service.namespace()) && w.matches(service.selector())) {
                selected.add(w);
            }
        }
        return selected;
    }

    /** The services whose selectors pick {@code workload}: what its inbound side serves. */
    public List<MeshService> servicesOf(Workload workload) {
        List<MeshService> out = new ArrayList<>();
        for (MeshService s : services.values()) {
            if (!s.selector().isEmpty() && s.namespace().equals(workload.namespace())
                    && workload.matches(s.selector())) {
                out.add(s);
            }
        }
        return out;
    }
}
