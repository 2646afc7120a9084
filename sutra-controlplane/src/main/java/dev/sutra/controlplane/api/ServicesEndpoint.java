package dev.sutra.controlplane.api;

import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.Workload;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.xds.MeshIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/services}: the mesh's services and workloads as the control plane knows them now,
 * config-declared and registered by connected proxies alike. {@code sutra analyze --server} reads it
 * so that hosts served by live proxies count as known.
 */
final class ServicesEndpoint {

    static final String PATH = "/api/v1/services";

    private final XdsCache cache;

    ServicesEndpoint(XdsCache cache) {
        this.cache = cache;
    }

    void handle(Exchange ex) throws IOException {
        MeshIndex index = cache.index();
        ServiceCatalog catalog = index == null ? ServiceCatalog.empty() : index.catalog();
        List<Object> services = new ArrayList<>();
        for (MeshService s : catalog.services()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("hostname", s.hostname());
            out.put("namespace", s.namespace());
            List<Object> ports = new ArrayList<>();
            for (ServicePort p : s.ports()) {
                ports.add(Map.of("name", p.name(), "number", p.number(), "protocol", p.protocol().name(),
                        "targetPort", p.targetPort()));
            }
            out.put("ports", ports);
            out.put("selector", s.selector());
            out.put("resolution", s.resolution().name());
            out.put("external", s.external());
            out.put("origin", s.origin());
            List<Object> endpoints = new ArrayList<>();
            for (Workload w : catalog.endpoints(s)) {
                endpoints.add(workload(w));
            }
            out.put("endpoints", endpoints);
            services.add(out);
        }
        List<Object> workloads = new ArrayList<>();
        catalog.workloads().forEach(w -> workloads.add(workload(w)));
        ex.json(200, Map.of("services", services, "workloads", workloads));
    }

    private static Map<String, Object> workload(Workload w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", w.name());
        out.put("namespace", w.namespace());
        out.put("address", w.address());
        out.put("labels", w.labels());
        out.put("serviceAccount", w.serviceAccount());
        out.put("locality", w.locality().toString());
        out.put("sidecar", w.hasSidecar());
        out.put("origin", w.origin());
        return out;
    }
}
