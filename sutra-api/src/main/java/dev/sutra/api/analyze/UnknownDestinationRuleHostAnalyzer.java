package dev.sutra.api.analyze;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * DestinationRules for a host no known service has. The rule applies to no traffic: a typo in its
 * host silently drops the TLS mode, connection limits and subsets it was written for.
 */
final class UnknownDestinationRuleHostAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "destinationrule.UnknownHost";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<DestinationRule> rule : context.config().destinationRules()) {
            String written = rule.spec().getHost();
            if (written == null || written.isEmpty() || written.equals("*")) {
                continue;
            }
            String host = context.resolve(written, rule.namespace());
            if (context.servicesFor(host).isEmpty()) {
                findings.add(Finding.of(FindingType.UNKNOWN_DESTINATION_RULE_HOST, rule, FieldPath.of("spec", "host"),
                        "host " + HostSuggestions.describe(written, host) + " matches no known service, so this rule "
                                + "applies to no traffic (expected: the host of a service"
                                + HostSuggestions.didYouMean(context, written, host) + ")"));
            }
        }
        return findings;
    }
}
