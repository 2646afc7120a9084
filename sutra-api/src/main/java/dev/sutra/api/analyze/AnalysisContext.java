package dev.sutra.api.analyze;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.mesh.Hostnames;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * What analyzers look at: the config, the services and workloads the mesh knows (declared by the
 * config's ServiceEntries and WorkloadEntries, and registered live), and the mesh settings.
 *
 * @param config the resources being analyzed
 * @param services the known services and workloads
 * @param settings the mesh settings (domain suffix for short names, root namespace)
 */
public record AnalysisContext(ConfigSnapshot config, ServiceCatalog services, MeshSettings settings) {

    public AnalysisContext {
        requireNonNull(config, "config");
        requireNonNull(services, "services");
        requireNonNull(settings, "settings");
    }

    /** {@code host} as written in a resource of {@code namespace}, with short names expanded as Istio does. */
    public String resolve(String host, String namespace) {
        return Hostnames.resolve(host, namespace, settings.domainSuffix());
    }

    /**
     * The known services a resolved host refers to: the service of that name, the wildcard services
     * that cover it, or, for a wildcard host, the services it covers. A service declared with a short
     * name counts under its expanded name too.
     */
    public List<MeshService> servicesFor(String resolvedHost) {
        List<MeshService> out = new ArrayList<>();
        for (MeshService s : services.services()) {
            String name = resolve(s.hostname(), s.namespace());
            if (name.equals(resolvedHost) || s.hostname().equals(resolvedHost)
                    || Hostnames.matches(name, resolvedHost) || Hostnames.matches(resolvedHost, name)) {
                out.add(s);
            }
        }
        return out;
    }
}
