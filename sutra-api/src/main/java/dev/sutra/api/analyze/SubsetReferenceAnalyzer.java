package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;
import static dev.sutra.api.analyze.Fields.quote;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.Suggestions;
import dev.sutra.api.mesh.Hostnames;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes to a subset that no DestinationRule for the host defines. Such a route points at a cluster
 * that does not exist, and every request it takes fails with 503 (no cluster).
 */
final class SubsetReferenceAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "virtualservice.SubsetReferences";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            for (DestinationRef ref : DestinationRef.of(vs)) {
                String subset = ref.destination().getSubset();
                if (subset == null || subset.isEmpty()) {
                    continue;
                }
                String host = context.resolve(ref.destination().getHost(), vs.namespace());
                List<ConfigResource<DestinationRule>> rules = rulesFor(context, host);
                List<String> defined = new ArrayList<>();
                for (ConfigResource<DestinationRule> rule : rules) {
                    for (Subset s : list(rule.spec().getSubsets())) {
                        if (s != null && s.getName() != null) {
                            defined.add(s.getName());
                        }
                    }
                }
                if (defined.contains(subset)) {
                    continue;
                }
                findings.add(Finding.of(FindingType.REFERENCED_RESOURCE_NOT_FOUND, vs, ref.path().child("subset"),
                        message(subset, host, rules, defined)));
            }
        }
        return findings;
    }

    private static String message(String subset, String host, List<ConfigResource<DestinationRule>> rules,
            List<String> defined) {
        String where;
        if (rules.isEmpty()) {
            where = "no DestinationRule has host " + host;
        } else if (defined.isEmpty()) {
            where = rules.get(0).key() + " defines no subsets";
        } else {
            where = rules.get(0).key() + " defines " + String.join(", ", defined);
        }
        return "subset " + quote(subset) + " of " + host + " is not defined: " + where
                + "; requests routed here fail with 503 (expected: a subset a DestinationRule for the host defines"
                + suggestion(subset, defined) + ")";
    }

    /** Short names like v4 are all one edit apart, so only longer ones get a suggestion. */
    private static String suggestion(String subset, List<String> defined) {
        if (subset.length() <= 3) {
            return "";
        }
        return Suggestions.closest(subset, defined).map(s -> "; did you mean " + quote(s) + "?").orElse("");
    }

    /** The DestinationRules whose host is {@code host} or a wildcard covering it. */
    private static List<ConfigResource<DestinationRule>> rulesFor(AnalysisContext context, String host) {
        List<ConfigResource<DestinationRule>> out = new ArrayList<>();
        for (ConfigResource<DestinationRule> rule : context.config().destinationRules()) {
            String ruleHost = rule.spec().getHost();
            if (ruleHost != null && Hostnames.matches(context.resolve(ruleHost, rule.namespace()), host)) {
                out.add(rule);
            }
        }
        return out;
    }
}
