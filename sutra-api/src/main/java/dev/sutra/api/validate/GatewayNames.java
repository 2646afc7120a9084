package dev.sutra.api.validate;

import dev.sutra.api.config.FieldPath;

/** References to Gateways from VirtualServices: {@code namespace/name}, {@code mesh}, or a bare name. */
final class GatewayNames {

    private GatewayNames() {
    }

    static void check(Checks checks, FieldPath path, String gateway) {
        int slash = gateway.indexOf('/');
        if (slash < 0) {
            // "mesh", a gateway of the VirtualService's namespace, or the legacy name.namespace form.
            String problem = HostRules.fqdnProblem(gateway);
            if (problem != null) {
                checks.invalid(path, gateway, "namespace/name of a Gateway, or mesh");
            }
            return;
        }
        String namespace = gateway.substring(0, slash);
        String name = gateway.substring(slash + 1);
        if (!HostRules.isDnsLabel(namespace) || !HostRules.isDnsLabel(name)) {
            checks.invalid(path, gateway, "namespace/name of a Gateway, both DNS labels, like istio-system/ingress");
        }
    }
}
