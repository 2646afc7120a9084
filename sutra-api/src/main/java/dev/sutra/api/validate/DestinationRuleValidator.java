package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** DestinationRule: the host, its traffic policy, and subsets (named groups of endpoints by label). */
final class DestinationRuleValidator implements KindValidator<DestinationRule> {

    static final DestinationRuleValidator INSTANCE = new DestinationRuleValidator();

    private DestinationRuleValidator() {
    }

    @Override
    public Class<DestinationRule> specType() {
        return DestinationRule.class;
    }

    @Override
    public void validate(DestinationRule rule, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        if (Nulls.isEmpty(rule.getHost())) {
            checks.missing(spec.child("host"), "the host the rule applies to, like reviews");
        } else {
            HostRules.checkWildcardDomain(checks, spec.child("host"), rule.getHost(), false);
        }
        TrafficPolicyRules.check(checks, spec.child("trafficPolicy"), rule.getTrafficPolicy());
        List<Subset> subsets = list(rule.getSubsets());
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < subsets.size(); i++) {
            FieldPath at = spec.child("subsets").index(i);
            Subset subset = subsets.get(i);
            if (subset == null) {
                checks.missing(at, "a subset with a name and labels");
                continue;
            }
            String name = subset.getName();
            if (Nulls.isEmpty(name)) {
                checks.missing(at.child("name"), "a subset name: a DNS label like v1");
            } else if (!HostRules.isDnsLabel(name)) {
                checks.invalid(at.child("name"), name, "a subset name: a DNS label like v1");
            } else {
                Integer first = names.putIfAbsent(name, i);
                if (first != null) {
                    checks.invalid(at.child("name"), name, "a name unique among subsets; spec.subsets[" + first
                            + "] has it already");
                }
            }
            LabelRules.check(checks, at.child("labels"), Nulls.map(subset.getLabels()));
            TrafficPolicyRules.check(checks, at.child("trafficPolicy"), subset.getTrafficPolicy());
        }
        boolean selects = rule.getWorkloadSelector() != null;
        if (selects) {
            LabelRules.checkSelector(checks, spec.child("workloadSelector").child("matchLabels"),
                    Nulls.map(rule.getWorkloadSelector().getMatchLabels()));
        }
        List<String> exportTo = list(rule.getExportTo());
        ExportToRules.check(checks, spec.child("exportTo"), exportTo, false);
        // A rule for selected workloads is theirs alone: it may not be exported past its namespace.
        if (selects && !exportTo.isEmpty()
                && !(exportTo.size() == 1 && (exportTo.get(0).equals(".") || exportTo.get(0).equals(checks.namespace())))) {
            checks.invalid(spec.child("exportTo"), String.join(",", exportTo),
                    "only this namespace (.) when workloadSelector is set");
        }
    }
}
