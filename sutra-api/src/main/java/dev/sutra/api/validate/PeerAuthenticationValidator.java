package dev.sutra.api.validate;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import java.util.Map;

/**
 * PeerAuthentication: the mutual TLS mode a workload's inbound side requires, for all ports or some.
 * Ports are a workload's own, so per-port modes need a selector.
 */
final class PeerAuthenticationValidator implements KindValidator<PeerAuthentication> {

    static final PeerAuthenticationValidator INSTANCE = new PeerAuthenticationValidator();

    private PeerAuthenticationValidator() {
    }

    @Override
    public Class<PeerAuthentication> specType() {
        return PeerAuthentication.class;
    }

    @Override
    public void validate(PeerAuthentication pa, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        Map<String, PeerAuthenticationMutualTLS> portLevel = Nulls.map(pa.getPortLevelMtls());
        boolean selects = pa.getSelector() != null && !Nulls.isEmpty(pa.getSelector().getMatchLabels());
        if (!portLevel.isEmpty() && !selects) {
            String scope = checks.namespace().equals(checks.settings().rootNamespace())
                    ? "mesh-wide policy (root namespace " + checks.settings().rootNamespace() + ")"
                    : "namespace-wide policy";
            checks.error(spec.child("portLevelMtls"), "set on a " + scope + " without a selector "
                    + "(expected: selector.matchLabels; port numbers are those of the selected workloads)");
        }
        portLevel.forEach((port, mtls) -> {
            boolean number = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!number || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                checks.invalid(spec.child("portLevelMtls").child(port), port, "a port number from 1 to 65535");
            }
        });
        if (pa.getSelector() != null) {
            LabelRules.checkSelector(checks, spec.child("selector").child("matchLabels"), Nulls.map(pa.getSelector().getMatchLabels()));
        }
    }
}
