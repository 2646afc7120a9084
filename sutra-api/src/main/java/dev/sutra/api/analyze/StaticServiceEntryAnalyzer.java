package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import java.util.ArrayList;
import java.util.List;

/**
 * STATIC ServiceEntries with neither endpoints nor a workload selector. With STATIC resolution the
 * endpoints are only those listed or selected, so such a service has none and every request to it
 * fails with 503.
 */
final class StaticServiceEntryAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "serviceentry.StaticEndpoints";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<ServiceEntry> se : context.config().serviceEntries()) {
            ServiceEntry spec = se.spec();
            if (spec.getResolution() == ServiceEntryResolution.STATIC && list(spec.getEndpoints()).isEmpty()
                    && spec.getWorkloadSelector() == null) {
                findings.add(Finding.of(FindingType.STATIC_SERVICE_ENTRY_WITHOUT_ENDPOINTS, se,
                        FieldPath.of("spec", "resolution"), "STATIC without endpoints or workloadSelector, so "
                                + String.join(", ", list(spec.getHosts())) + " has no endpoints and requests to it fail "
                                + "with 503 (expected: endpoints, a workloadSelector picking WorkloadEntries, or "
                                + "resolution DNS to resolve the hosts)"));
            }
        }
        return findings;
    }
}
