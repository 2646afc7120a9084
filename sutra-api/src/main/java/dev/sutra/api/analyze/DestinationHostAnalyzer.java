package dev.sutra.api.analyze;

import dev.sutra.api.config.ConfigResource;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes and mirrors to a host no known service serves. The proxy has no cluster for it, so every
 * request the route takes fails with 503 (a mirror silently copies to nowhere).
 */
final class DestinationHostAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "virtualservice.DestinationHosts";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            for (DestinationRef ref : DestinationRef.of(vs)) {
                String written = ref.destination().getHost();
                String host = context.resolve(written, vs.namespace());
                if (host.equals("*") || !context.servicesFor(host).isEmpty()) {
                    continue;
                }
                String effect = ref.mirror() ? "the mirrored copies go nowhere" : "requests routed here fail with 503";
                findings.add(Finding.of(FindingType.REFERENCED_RESOURCE_NOT_FOUND, vs, ref.path().child("host"),
                        (ref.mirror() ? "mirror host " : "host ") + HostSuggestions.describe(written, host)
                                + " matches no known service; " + effect + " (expected: the host of a ServiceEntry "
                                + "or registered service" + HostSuggestions.didYouMean(context, written, host) + ")"));
            }
        }
        return findings;
    }
}
