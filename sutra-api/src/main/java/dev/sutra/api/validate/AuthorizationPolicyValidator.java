package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyAction;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicyProvider;
import io.fabric8.istio.api.api.security.v1beta1.Condition;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.api.security.v1beta1.Source;
import java.util.List;

/**
 * AuthorizationPolicy: the action, and rules of sources ({@code from}), operations ({@code to}) and
 * conditions ({@code when}). Sources and operations are checked by {@link AuthorizationRules}.
 */
final class AuthorizationPolicyValidator implements KindValidator<AuthorizationPolicy> {

    static final AuthorizationPolicyValidator INSTANCE = new AuthorizationPolicyValidator();

    private AuthorizationPolicyValidator() {
    }

    @Override
    public Class<AuthorizationPolicy> specType() {
        return AuthorizationPolicy.class;
    }

    @Override
    public void validate(AuthorizationPolicy policy, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        PolicyTargetRules.check(checks, spec, policy.getSelector(), policy.getTargetRef(), list(policy.getTargetRefs()));
        AuthorizationPolicyAction action = policy.getAction() == null ? AuthorizationPolicyAction.ALLOW : policy.getAction();
        List<Rule> rules = list(policy.getRules());
        String provider = policy.getActionDetail() instanceof AuthorizationPolicyProvider p && p.getProvider() != null
                ? Nulls.string(p.getProvider().getName()) : null;
        // Without rules, DENY and CUSTOM match nothing (ALLOW without rules denies everything, on purpose).
        if (rules.isEmpty() && (action == AuthorizationPolicyAction.DENY || action == AuthorizationPolicyAction.CUSTOM)) {
            checks.missing(spec.child("rules"), "at least one rule for action " + action.name()
                    + ", which never applies without one; add an empty rule {} to apply to every request");
        }
        if (action == AuthorizationPolicyAction.CUSTOM && !rules.isEmpty() && Nulls.isEmpty(provider)) {
            checks.missing(spec.child("provider").child("name"), "the extension provider that decides, for action CUSTOM");
        }
        if (action != AuthorizationPolicyAction.CUSTOM && policy.getActionDetail() != null) {
            checks.conflict(spec.child("provider"), "action " + action.name(), "provider only with action CUSTOM");
        }
        for (int i = 0; i < rules.size(); i++) {
            FieldPath at = spec.child("rules").index(i);
            if (rules.get(i) == null) {
                checks.missing(at, "a rule; write {} for one that matches every request");
                continue;
            }
            checkRule(checks, at, rules.get(i), action);
        }
    }

    private static void checkRule(Checks checks, FieldPath path, Rule rule, AuthorizationPolicyAction action) {
        boolean custom = action == AuthorizationPolicyAction.CUSTOM;
        boolean hasSource = false;
        boolean tcpSource = false;
        List<RuleFrom> from = list(rule.getFrom());
        for (int i = 0; i < from.size(); i++) {
            FieldPath at = path.child("from").index(i).child("source");
            Source source = from.get(i) == null ? null : from.get(i).getSource();
            if (source == null) {
                checks.missing(at, "a source with at least one field");
                continue;
            }
            hasSource = true;
            tcpSource |= AuthorizationRules.hasTcpFields(source);
            AuthorizationRules.checkSource(checks, at, source, custom);
        }
        boolean hasOperation = false;
        boolean tcpOperation = false;
        List<RuleTo> to = list(rule.getTo());
        for (int i = 0; i < to.size(); i++) {
            FieldPath at = path.child("to").index(i).child("operation");
            var operation = to.get(i) == null ? null : to.get(i).getOperation();
            if (operation == null) {
                checks.missing(at, "an operation with at least one field");
                continue;
            }
            hasOperation = true;
            tcpOperation |= !Nulls.isEmpty(operation.getPorts()) || !Nulls.isEmpty(operation.getNotPorts());
            AuthorizationRules.checkOperation(checks, at, operation);
        }
        List<Condition> when = list(rule.getWhen());
        for (int i = 0; i < when.size(); i++) {
            AuthorizationRules.checkCondition(checks, path.child("when").index(i), when.get(i), custom);
        }
        // A TCP connection has no method, path or JWT; a DENY rule built only from such attributes
        // cannot tell TCP connections apart and so denies all of them.
        if (action == AuthorizationPolicyAction.DENY
                && ((hasSource && !hasOperation && !tcpSource) || (hasOperation && !tcpOperation))) {
            checks.warn(path, "a DENY rule with only HTTP attributes (methods, paths, hosts, request principals) "
                    + "denies every TCP connection to the selected workloads (expected: to.operation.ports to "
                    + "limit it to HTTP ports)");
        }
    }
}
