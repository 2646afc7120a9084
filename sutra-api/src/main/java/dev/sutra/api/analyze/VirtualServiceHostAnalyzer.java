package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Hosts of mesh VirtualServices that no known service has. Sidecars build routes per service, so
 * such routes never apply: the VirtualService looks in force and does nothing. (Gateway-bound
 * VirtualServices are left alone: their hosts are names clients use at the edge.)
 */
final class VirtualServiceHostAnalyzer implements Analyzer {

    static final String MESH = "mesh";

    @Override
    public String name() {
        return "virtualservice.Hosts";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            if (!appliesToMesh(vs.spec())) {
                continue;
            }
            List<String> hosts = list(vs.spec().getHosts());
            for (int i = 0; i < hosts.size(); i++) {
                String written = hosts.get(i);
                String host = context.resolve(written, vs.namespace());
                if (written.equals("*") || written.isEmpty() || !context.servicesFor(host).isEmpty()) {
                    continue;
                }
                findings.add(Finding.of(FindingType.VIRTUAL_SERVICE_HOST_NOT_FOUND, vs,
                        FieldPath.of("spec", "hosts").index(i), "host " + HostSuggestions.describe(written, host)
                                + " matches no known service, so sidecars never apply these routes (expected: the "
                                + "host of a service" + HostSuggestions.didYouMean(context, written, host) + ")"));
            }
        }
        return findings;
    }

    /** Like Istio: no gateways means the mesh; listing gateways drops the mesh unless "mesh" is listed. */
    static boolean appliesToMesh(VirtualService vs) {
        List<String> gateways = list(vs.getGateways());
        return gateways.isEmpty() || gateways.contains(MESH);
    }
}
