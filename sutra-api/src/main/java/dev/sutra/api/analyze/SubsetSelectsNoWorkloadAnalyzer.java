package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;
import static dev.sutra.api.analyze.Fields.map;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.Workload;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * DestinationRule subsets whose labels match no workload of the host's service. Traffic routed to
 * such a subset finds no endpoint and fails with 503 (no healthy upstream).
 */
final class SubsetSelectsNoWorkloadAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "destinationrule.SubsetSelectsWorkloads";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<DestinationRule> rule : context.config().destinationRules()) {
            String written = rule.spec().getHost();
            if (written == null || written.isEmpty() || written.startsWith("*")) {
                continue;
            }
            String host = context.resolve(written, rule.namespace());
            List<Workload> endpoints = new ArrayList<>();
            boolean known = false;
            for (MeshService s : context.servicesFor(host)) {
                // Only the service of exactly this name: a wildcard ServiceEntry covering it says nothing of its workloads.
                if (context.resolve(s.hostname(), s.namespace()).equals(host)) {
                    known = true;
                    endpoints.addAll(context.services().endpoints(s));
                }
            }
            if (!known) {
                continue;
            }
            List<Subset> subsets = list(rule.spec().getSubsets());
            for (int i = 0; i < subsets.size(); i++) {
                Subset subset = subsets.get(i);
                if (subset == null || subset.getName() == null || map(subset.getLabels()).isEmpty()) {
                    continue;
                }
                Map<String, String> labels = subset.getLabels();
                if (endpoints.stream().anyMatch(w -> w.matches(labels))) {
                    continue;
                }
                findings.add(Finding.of(FindingType.DESTINATION_RULE_SUBSET_NOT_SELECT_PODS, rule,
                        FieldPath.of("spec", "subsets").index(i), "subset \"" + subset.getName() + "\" selects no "
                                + "workload of " + host + ": " + present(endpoints, labels) + "; requests routed to it "
                                + "fail with 503 (expected: labels that workloads of the service carry)"));
            }
        }
        return findings;
    }

    /** What the service's workloads carry instead, for the subset's label keys. */
    private static String present(List<Workload> endpoints, Map<String, String> labels) {
        String wanted = labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).orElse("");
        if (endpoints.isEmpty()) {
            return "the service has no workloads at all, so none has " + wanted;
        }
        TreeSet<String> seen = new TreeSet<>();
        for (Workload w : endpoints) {
            for (String key : labels.keySet()) {
                String value = w.labels().get(key);
                if (value != null) {
                    seen.add(key + "=" + value);
                }
            }
        }
        return "no workload has " + wanted + (seen.isEmpty() ? "" : " (they have " + String.join(", ", seen) + ")");
    }
}
