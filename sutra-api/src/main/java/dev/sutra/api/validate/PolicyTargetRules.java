package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.type.v1beta1.PolicyTargetReference;
import io.fabric8.istio.api.api.type.v1beta1.WorkloadSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a security or telemetry policy applies to: a workload selector, or references to a
 * Service, ServiceEntry or Gateway ({@code targetRef}/{@code targetRefs}); at most one of them.
 */
final class PolicyTargetRules {

    /** group/kind pairs a policy may target; the core group is written empty. */
    private static final Set<String> TARGET_KINDS = Set.of("/Service", "networking.istio.io/ServiceEntry",
            "gateway.networking.k8s.io/Gateway", "gateway.networking.k8s.io/GatewayClass");

    private PolicyTargetRules() {
    }

    static void check(Checks checks, FieldPath spec, @Nullable WorkloadSelector selector,
            @Nullable PolicyTargetReference targetRef, List<PolicyTargetReference> targetRefs) {
        List<String> set = new ArrayList<>();
        if (selector != null) {
            set.add("selector");
        }
        if (targetRef != null) {
            set.add("targetRef");
        }
        if (!targetRefs.isEmpty()) {
            set.add("targetRefs");
        }
        if (set.size() > 1) {
            checks.conflict(spec.child(set.get(0)), String.join(" and ", set.subList(1, set.size())),
                    "one of selector, targetRef or targetRefs");
        }
        if (selector != null) {
            LabelRules.checkSelector(checks, spec.child("selector").child("matchLabels"), Nulls.map(selector.getMatchLabels()));
            if (Nulls.isEmpty(selector.getMatchLabels())) {
                checks.warn(spec.child("selector"), "a selector without matchLabels "
                        + "(expected: labels; an empty selector selects every workload of the namespace)");
            }
        }
        checkTarget(checks, spec.child("targetRef"), targetRef);
        for (int i = 0; i < targetRefs.size(); i++) {
            checkTarget(checks, spec.child("targetRefs").index(i), targetRefs.get(i));
        }
    }

    private static void checkTarget(Checks checks, FieldPath path, @Nullable PolicyTargetReference ref) {
        if (ref == null) {
            return;
        }
        if (Nulls.isEmpty(ref.getName())) {
            checks.missing(path.child("name"), "the name of the targeted resource");
        }
        if (!Nulls.isEmpty(ref.getNamespace())) {
            checks.invalid(path.child("namespace"), ref.getNamespace(), "unset; a policy targets resources of its own namespace");
        }
        String group = Nulls.string(ref.getGroup());
        if (!TARGET_KINDS.contains((group.equals("core") ? "" : group) + "/" + Nulls.string(ref.getKind()))) {
            checks.invalid(path.child("kind"), ref.getKind(), "Service (group \"\"), ServiceEntry "
                    + "(networking.istio.io), Gateway or GatewayClass (gateway.networking.k8s.io)");
        }
    }
}
