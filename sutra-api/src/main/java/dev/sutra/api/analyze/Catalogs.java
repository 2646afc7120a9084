package dev.sutra.api.analyze;

import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Joins the catalog the config declares with the one registered live. */
final class Catalogs {

    private Catalogs() {
    }

    /**
     * Both catalogs' services (the first's win a shared hostname) and workloads. A service without a
     * selector keeps the endpoints its own catalog lists for it; one with a selector picks among all
     * workloads, so a ServiceEntry in the config selects live proxies too.
     */
    static ServiceCatalog merge(ServiceCatalog first, ServiceCatalog second) {
        List<MeshService> services = new ArrayList<>();
        Map<String, List<Workload>> listed = new LinkedHashMap<>();
        for (ServiceCatalog catalog : List.of(first, second)) {
            for (MeshService s : catalog.services()) {
                if (listed.containsKey(s.hostname()) || services.stream().anyMatch(o -> o.hostname().equals(s.hostname()))) {
                    continue;
                }
                services.add(s);
                if (s.selector().isEmpty()) {
                    listed.put(s.hostname(), catalog.endpoints(s));
                }
            }
        }
        List<Workload> workloads = new ArrayList<>(first.workloads());
        workloads.addAll(second.workloads());
        return ServiceCatalog.of(services, workloads, listed);
    }
}
