package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import java.util.List;

/**
 * Where routes send traffic: destinations and their weights. Weights are relative, as in Istio: a
 * destination receives weight/sum of the traffic, so they need not add up to 100, but several
 * destinations may not all weigh 0.
 */
final class RouteDestinations {

    private RouteDestinations() {
    }

    static void checkHttp(Checks checks, FieldPath path, List<HTTPRouteDestination> route) {
        long total = 0;
        for (int i = 0; i < route.size(); i++) {
            HTTPRouteDestination d = route.get(i);
            FieldPath at = path.index(i);
            if (d == null) {
                checks.missing(at, "a destination");
                continue;
            }
            checkRequired(checks, at.child("destination"), d.getDestination());
            HeaderRules.checkOperations(checks, at.child("headers"), d.getHeaders());
            total += checkWeight(checks, at.child("weight"), d.getWeight());
        }
        checkTotal(checks, path, route.size(), total);
    }

    static void checkL4(Checks checks, FieldPath path, List<RouteDestination> route) {
        long total = 0;
        for (int i = 0; i < route.size(); i++) {
            RouteDestination d = route.get(i);
            FieldPath at = path.index(i);
            if (d == null) {
                checks.missing(at, "a destination");
                continue;
            }
            checkRequired(checks, at.child("destination"), d.getDestination());
            total += checkWeight(checks, at.child("weight"), d.getWeight());
        }
        checkTotal(checks, path, route.size(), total);
    }

    private static void checkRequired(Checks checks, FieldPath path, @Nullable Destination destination) {
        if (destination == null) {
            checks.missing(path, "a destination with a host, like {host: reviews}");
        } else {
            check(checks, path, destination);
        }
    }

    /** A destination: a specific host, and optionally a subset name and a port. */
    static void check(Checks checks, FieldPath path, @Nullable Destination destination) {
        if (destination == null) {
            return;
        }
        String host = destination.getHost();
        if (Nulls.isEmpty(host)) {
            checks.missing(path.child("host"), "the host of a service, like reviews or api.example.com");
        } else if (host.equals("*")) {
            checks.invalid(path.child("host"), host, "a specific host; * names no single service");
        } else {
            HostRules.checkWildcardDomain(checks, path.child("host"), host, false);
        }
        String subset = destination.getSubset();
        if (subset != null && !subset.isEmpty() && !HostRules.isDnsLabel(subset)) {
            checks.invalid(path.child("subset"), subset, "a subset name: a DNS label like v1");
        }
        if (destination.getPort() != null) {
            Addresses.checkRequiredPort(checks, path.child("port").child("number"), destination.getPort().getNumber());
        }
    }

    private static long checkWeight(Checks checks, FieldPath path, @Nullable Integer weight) {
        if (weight == null) {
            return 0;
        }
        if (weight < 0) {
            checks.invalid(path, weight, "0 or more; a destination receives weight/sum of all weights");
            return 0;
        }
        return weight;
    }

    private static void checkTotal(Checks checks, FieldPath path, int destinations, long total) {
        if (destinations > 1 && total == 0) {
            checks.error(path, "weights of " + destinations + " destinations sum to 0 "
                    + "(expected: at least one positive weight, or one destination without a weight)");
        }
    }
}
