package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.Delegate;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMirrorPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import java.util.List;

/**
 * One HTTP route of a VirtualService. A route does exactly one thing with a request: forward it
 * ({@code route}), redirect it, answer it ({@code directResponse}), or hand it to a delegate
 * VirtualService; what may accompany each is checked here, the parts by their own rules.
 */
final class HttpRouteValidator {

    private static final String ONE_ACTION = "one of route, redirect or directResponse";

    private HttpRouteValidator() {
    }

    static void validate(Checks checks, FieldPath path, @Nullable HTTPRoute route, boolean inDelegate) {
        if (route == null) {
            checks.missing(path, "an HTTP route");
            return;
        }
        checkAction(checks, path, route, inDelegate);
        var matches = list(route.getMatch());
        for (int i = 0; i < matches.size(); i++) {
            HttpMatchRules.check(checks, path.child("match").index(i), matches.get(i));
        }
        HeaderRules.checkOperations(checks, path.child("headers"), route.getHeaders());
        HttpActionRules.checkCors(checks, path.child("corsPolicy"), route.getCorsPolicy());
        FaultRules.check(checks, path.child("fault"), route.getFault());
        checkMirrors(checks, path, route);
        HttpActionRules.checkRedirect(checks, path.child("redirect"), route.getRedirect(), matches);
        HttpActionRules.checkDirectResponse(checks, path.child("directResponse"), route.getDirectResponse());
        RetryRules.check(checks, path.child("retries"), route.getRetries());
        HttpActionRules.checkRewrite(checks, path.child("rewrite"), route.getRewrite(), route.getHeaders());
        RouteDestinations.checkHttp(checks, path.child("route"), list(route.getRoute()));
        Durations.check(checks, path.child("timeout"), route.getTimeout());
    }

    private static void checkAction(Checks checks, FieldPath path, HTTPRoute route, boolean inDelegate) {
        boolean forwards = !list(route.getRoute()).isEmpty();
        Delegate delegate = route.getDelegate();
        if (delegate != null && !inDelegate) {
            // A root route hands the whole request to the delegate, which decides where it goes.
            if (route.getRedirect() != null) {
                checks.conflict(path.child("redirect"), "delegate", "delegate alone; the delegate VirtualService routes");
            }
            if (forwards) {
                checks.conflict(path.child("route"), "delegate", "delegate alone; the delegate VirtualService routes");
            }
            if (Nulls.isEmpty(delegate.getName())) {
                checks.missing(path.child("delegate").child("name"), "the name of the VirtualService to delegate to");
            }
            if (!Nulls.isEmpty(delegate.getNamespace()) && !HostRules.isDnsLabel(delegate.getNamespace())) {
                checks.invalid(path.child("delegate").child("namespace"), delegate.getNamespace(), "a namespace name");
            }
            return;
        }
        if (delegate != null) {
            checks.error(path.child("delegate"), "set in a delegate VirtualService "
                    + "(expected: no delegate; delegation is one level deep)");
        }
        if (route.getRedirect() != null) {
            if (forwards) {
                checks.conflict(path.child("redirect"), "route", ONE_ACTION);
            }
            if (route.getFault() != null) {
                checks.conflict(path.child("redirect"), "fault", "no fault on a redirect");
            }
            if (route.getRewrite() != null) {
                checks.conflict(path.child("redirect"), "rewrite", "redirect or rewrite, not both");
            }
            if (route.getDirectResponse() != null) {
                checks.conflict(path.child("redirect"), "directResponse", ONE_ACTION);
            }
        } else if (route.getDirectResponse() != null) {
            if (forwards) {
                checks.conflict(path.child("directResponse"), "route", ONE_ACTION);
            }
            if (route.getFault() != null) {
                checks.conflict(path.child("directResponse"), "fault", "no fault on a direct response");
            }
            if (route.getRewrite() != null) {
                checks.conflict(path.child("directResponse"), "rewrite", "no rewrite on a direct response");
            }
        } else if (!forwards) {
            checks.missing(path.child("route"), ONE_ACTION);
        }
    }

    private static void checkMirrors(Checks checks, FieldPath path, HTTPRoute route) {
        List<HTTPMirrorPolicy> mirrors = list(route.getMirrors());
        if (route.getMirror() != null && !mirrors.isEmpty()) {
            checks.conflict(path.child("mirror"), "mirrors", "mirror or mirrors, not both");
        }
        RouteDestinations.check(checks, path.child("mirror"), route.getMirror());
        Integer mirrorPercent = route.getMirrorPercent();
        if (mirrorPercent != null && (mirrorPercent < 0 || mirrorPercent > 100)) {
            checks.invalid(path.child("mirrorPercent"), mirrorPercent, "0 to 100");
        }
        checkPercent(checks, path.child("mirrorPercentage"), route.getMirrorPercentage());
        for (int i = 0; i < mirrors.size(); i++) {
            FieldPath at = path.child("mirrors").index(i);
            HTTPMirrorPolicy mirror = mirrors.get(i);
            if (mirror == null || mirror.getDestination() == null) {
                checks.missing(at.child("destination"), "a destination with a host to mirror to");
                continue;
            }
            RouteDestinations.check(checks, at.child("destination"), mirror.getDestination());
            checkPercent(checks, at.child("percentage"), mirror.getPercentage());
        }
    }

    /** A share of traffic in percent, 0 to 100. */
    static void checkPercent(Checks checks, FieldPath path, @Nullable Percent percent) {
        if (percent != null && percent.getValue() != null && (percent.getValue() < 0 || percent.getValue() > 100)) {
            checks.invalid(path.child("value"), percent.getValue(), "0 to 100");
        }
    }
}
