package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import dev.sutra.api.mesh.Hostnames;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.List;

/**
 * VirtualService: hosts, gateways, delegation and the route lists; each HTTP route is checked by
 * {@link HttpRouteValidator}, TCP and TLS routes by {@link L4RouteRules}.
 */
final class VirtualServiceValidator implements KindValidator<VirtualService> {

    static final VirtualServiceValidator INSTANCE = new VirtualServiceValidator();

    /** The reserved gateway name for every sidecar of the mesh. */
    static final String MESH_GATEWAY = "mesh";

    private VirtualServiceValidator() {
    }

    @Override
    public Class<VirtualService> specType() {
        return VirtualService.class;
    }

    @Override
    public void validate(VirtualService vs, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        List<String> hosts = list(vs.getHosts());
        List<String> gateways = list(vs.getGateways());
        // A VirtualService without hosts is a delegate: it only makes sense as the target of another's
        // delegate, which supplies the hosts and gateways; Istio does not delegate TCP or TLS.
        boolean delegate = hosts.isEmpty();
        if (delegate) {
            if (!gateways.isEmpty()) {
                checks.error(spec.child("gateways"), "set on a delegate VirtualService, one without hosts "
                        + "(expected: no gateways; the delegating VirtualService's gateways apply)");
            }
            if (!list(vs.getTls()).isEmpty()) {
                checks.error(spec.child("tls"), "set on a delegate VirtualService (expected: only http routes)");
            }
            if (!list(vs.getTcp()).isEmpty()) {
                checks.error(spec.child("tcp"), "set on a delegate VirtualService (expected: only http routes)");
            }
        }
        for (int i = 0; i < gateways.size(); i++) {
            GatewayNames.check(checks, spec.child("gateways").index(i), gateways.get(i));
        }
        // Like Istio: naming "mesh" among gateways keeps the sidecars; otherwise listing any gateway drops them.
        boolean gatewaysOnly = !gateways.isEmpty() && !gateways.contains(MESH_GATEWAY);
        if (!gatewaysOnly) {
            checkNoJwtClaimRoutes(vs, spec, checks);
        }
        checkHosts(hosts, spec.child("hosts"), gatewaysOnly, checks);
        if (list(vs.getHttp()).isEmpty() && list(vs.getTcp()).isEmpty() && list(vs.getTls()).isEmpty()) {
            checks.missing(spec.child("http"), "at least one route in http, tcp or tls");
        }
        List<HTTPRoute> http = list(vs.getHttp());
        for (int i = 0; i < http.size(); i++) {
            HttpRouteValidator.validate(checks, spec.child("http").index(i), http.get(i), delegate);
        }
        var tls = list(vs.getTls());
        for (int i = 0; i < tls.size(); i++) {
            L4RouteRules.checkTls(checks, spec.child("tls").index(i), tls.get(i), hosts, gatewaysOnly);
        }
        var tcp = list(vs.getTcp());
        for (int i = 0; i < tcp.size(); i++) {
            L4RouteRules.checkTcp(checks, spec.child("tcp").index(i), tcp.get(i));
        }
        ExportToRules.check(checks, spec.child("exportTo"), list(vs.getExportTo()), false);
    }

    private static void checkHosts(List<String> hosts, FieldPath path, boolean gatewaysOnly, Checks checks) {
        boolean allValid = true;
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            int before = checks.count();
            HostRules.checkWildcardDomain(checks, path.index(i), host, true);
            if (!gatewaysOnly && host.equals("*")) {
                checks.invalid(path.index(i), host, "specific hosts; * is allowed only when the VirtualService is "
                        + "bound to gateways and not to the mesh");
            }
            allValid &= checks.count() == before;
        }
        if (!allValid) {
            return;
        }
        for (int i = 0; i < hosts.size(); i++) {
            for (int j = i + 1; j < hosts.size(); j++) {
                String a = hosts.get(i);
                String b = hosts.get(j);
                if (Hostnames.matches(a, b) || Hostnames.matches(b, a)) {
                    checks.error(path.index(j), Checks.show(b) + " overlaps spec.hosts[" + i + "] " + Checks.show(a)
                            + " (expected: each host covered once)");
                }
            }
        }
    }

    /** JWT claims are validated only at gateways (by RequestAuthentication there), so sidecars cannot route on them. */
    private static void checkNoJwtClaimRoutes(VirtualService vs, FieldPath spec, Checks checks) {
        List<HTTPRoute> http = list(vs.getHttp());
        for (int i = 0; i < http.size(); i++) {
            List<HTTPMatchRequest> matches = http.get(i) == null ? List.of() : list(http.get(i).getMatch());
            for (int m = 0; m < matches.size(); m++) {
                if (matches.get(m) == null) {
                    continue;
                }
                FieldPath match = spec.child("http").index(i).child("match").index(m);
                for (String field : new String[] {"headers", "withoutHeaders"}) {
                    var headers = field.equals("headers") ? matches.get(m).getHeaders() : matches.get(m).getWithoutHeaders();
                    for (String name : Nulls.map(headers).keySet()) {
                        if (name.startsWith(HeaderRules.JWT_CLAIM_PREFIX)) {
                            checks.invalid(match.child(field).child(name), name,
                                    "JWT claim routing only on a VirtualService bound to gateways, not to the mesh");
                        }
                    }
                }
            }
        }
    }
}
