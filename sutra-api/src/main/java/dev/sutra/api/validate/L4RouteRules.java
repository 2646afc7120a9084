package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import dev.sutra.api.mesh.Hostnames;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import java.util.List;
import java.util.Map;

/** TCP and TLS routes, which match on addresses, ports and SNI rather than on requests. */
final class L4RouteRules {

    private L4RouteRules() {
    }

    static void checkTls(Checks checks, FieldPath path, @Nullable TLSRoute route, List<String> hosts,
            boolean gatewaysOnly) {
        if (route == null) {
            return;
        }
        List<TLSMatchAttributes> matches = Nulls.list(route.getMatch());
        if (matches.isEmpty()) {
            checks.missing(path.child("match"), "at least one match with sniHosts");
        }
        for (int i = 0; i < matches.size(); i++) {
            checkTlsMatch(checks, path.child("match").index(i), matches.get(i), hosts, gatewaysOnly);
        }
        if (Nulls.list(route.getRoute()).isEmpty()) {
            checks.missing(path.child("route"), "at least one destination");
        }
        RouteDestinations.checkL4(checks, path.child("route"), Nulls.list(route.getRoute()));
    }

    private static void checkTlsMatch(Checks checks, FieldPath path, @Nullable TLSMatchAttributes match,
            List<String> hosts, boolean gatewaysOnly) {
        if (match == null) {
            checks.missing(path, "a match with sniHosts");
            return;
        }
        List<String> sniHosts = Nulls.list(match.getSniHosts());
        if (sniHosts.isEmpty()) {
            checks.missing(path.child("sniHosts"), "at least one SNI host");
        }
        for (int i = 0; i < sniHosts.size(); i++) {
            checkSniHost(checks, path.child("sniHosts").index(i), sniHosts.get(i), hosts, gatewaysOnly);
        }
        checkCommon(checks, path, match.getDestinationSubnets(), match.getPort(), match.getSourceLabels(),
                match.getGateways());
    }

    private static void checkSniHost(Checks checks, FieldPath path, String sni, List<String> hosts, boolean gatewaysOnly) {
        // Istio's AUTO_PASSTHROUGH gateways route on names of the form outbound_.<port>_._.<host>.
        if (gatewaysOnly && sni.startsWith("outbound_")) {
            return;
        }
        if (HostRules.wildcardDomainProblem(sni) != null) {
            HostRules.checkWildcardDomain(checks, path, sni, false);
            return;
        }
        for (String host : hosts) {
            if (Hostnames.matches(host, sni)) {
                return;
            }
        }
        checks.invalid(path, sni, "a name covered by one of spec.hosts " + hosts);
    }

    static void checkTcp(Checks checks, FieldPath path, @Nullable TCPRoute route) {
        if (route == null) {
            return;
        }
        List<L4MatchAttributes> matches = Nulls.list(route.getMatch());
        for (int i = 0; i < matches.size(); i++) {
            L4MatchAttributes match = matches.get(i);
            if (match != null) {
                checkCommon(checks, path.child("match").index(i), match.getDestinationSubnets(), match.getPort(),
                        match.getSourceLabels(), match.getGateways());
            }
        }
        if (Nulls.list(route.getRoute()).isEmpty()) {
            checks.missing(path.child("route"), "at least one destination");
        }
        RouteDestinations.checkL4(checks, path.child("route"), Nulls.list(route.getRoute()));
    }

    private static void checkCommon(Checks checks, FieldPath path, @Nullable List<String> subnets, @Nullable Long port,
            @Nullable Map<String, String> sourceLabels, @Nullable List<String> gateways) {
        List<String> cidrs = Nulls.list(subnets);
        for (int i = 0; i < cidrs.size(); i++) {
            if (!Addresses.isIpOrCidr(cidrs.get(i))) {
                checks.invalid(path.child("destinationSubnets").index(i), cidrs.get(i), "an IP address or CIDR block");
            }
        }
        if (port != null && port != 0) {
            Addresses.checkPort(checks, path.child("port"), port);
        }
        LabelRules.check(checks, path.child("sourceLabels"), Nulls.map(sourceLabels));
        List<String> names = Nulls.list(gateways);
        for (int i = 0; i < names.size(); i++) {
            GatewayNames.check(checks, path.child("gateways").index(i), names.get(i));
        }
    }
}
