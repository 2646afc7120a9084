package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;
import static dev.sutra.api.analyze.Fields.map;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortGrpcStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionAbortHttpStatus;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPFaultInjectionDelayFixedDelay;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults that hit most of a route's traffic. Fault injection is a testing tool: a delay or abort
 * meant for a few requests, left on a route that every client takes, is an outage (one typo in a
 * percentage delayed every request of a service for two hours). A fault is flagged when it applies
 * to more than half of the requests of a route that does not select them by a header or query
 * parameter, the opt-ins testers send and real clients do not.
 *
 * <p>The share is computed as Istio translates it for Envoy: {@code percentage.value} when set, else
 * the deprecated integer {@code percent} (delays only), else 0: a fault without a percentage injects
 * nothing (istio/istio#36303 changed the documentation to say so). Such a fault is reported as a
 * warning, since whoever wrote it expected it to do something.
 */
final class FaultInjectionAnalyzer implements Analyzer {

    /** Above this share a fault is no longer a sample of the traffic but most of it. */
    static final double THRESHOLD_PERCENT = 50;

    /** A fault's share of requests and the field that sets it (null when nothing does). */
    private record Share(double percent, @Nullable FieldPath field) {
    }

    @Override
    public String name() {
        return "virtualservice.FaultInjection";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            List<HTTPRoute> http = list(vs.spec().getHttp());
            for (int i = 0; i < http.size(); i++) {
                HTTPRoute route = http.get(i);
                if (route == null || route.getFault() == null) {
                    continue;
                }
                FieldPath at = FieldPath.of("spec", "http").index(i);
                HTTPFaultInjectionDelay delay = route.getFault().getDelay();
                if (delay != null && delay.getHttpDelayType() instanceof HTTPFaultInjectionDelayFixedDelay fixed
                        && fixed.getFixedDelay() != null) {
                    FieldPath path = at.child("fault").child("delay");
                    check(context, vs, route, at, path, "delay of " + fixed.getFixedDelay(),
                            "is delayed by " + fixed.getFixedDelay(), share(path, delay.getPercentage(), delay.getPercent()),
                            findings);
                }
                HTTPFaultInjectionAbort abort = route.getFault().getAbort();
                String status = abort == null ? null : status(abort);
                if (status != null) {
                    FieldPath path = at.child("fault").child("abort");
                    check(context, vs, route, at, path, "abort with " + status, "gets " + status,
                            share(path, abort.getPercentage(), null), findings);
                }
            }
        }
        return findings;
    }

    private static void check(AnalysisContext context, ConfigResource<VirtualService> vs, HTTPRoute route,
            FieldPath routePath, FieldPath faultPath, String fault, String effect, Share share, List<Finding> findings) {
        if (share.field == null) {
            findings.add(Finding.of(FindingType.FAULT_INJECTS_NOTHING, vs, faultPath, fault + " has no percentage, "
                    + "so it is injected into no request: Istio reads a missing percentage as 0% (expected: "
                    + "percentage.value, like 100 for every request the route matches)"));
            return;
        }
        String untargeted = untargetedMatch(route, routePath);
        if (share.percent <= THRESHOLD_PERCENT || untargeted == null) {
            return;
        }
        findings.add(Finding.of(FindingType.FAULT_ON_MOST_TRAFFIC, vs, share.field, fault + " on "
                + format(share.percent) + "% of the requests of " + describe(route, routePath) + ", " + untargeted
                + ", so every caller of " + callers(context, vs) + " " + effect + " (expected: a header match that "
                + "selects testers, like end-user: {exact: tester}, or a percentage of "
                + format(THRESHOLD_PERCENT) + " or less)"));
    }

    /**
     * Why the route takes untargeted traffic, or null if every match it has requires a header or
     * query parameter.
     */
    private static @Nullable String untargetedMatch(HTTPRoute route, FieldPath routePath) {
        List<HTTPMatchRequest> matches = list(route.getMatch());
        if (matches.isEmpty()) {
            return "which matches every request";
        }
        for (int i = 0; i < matches.size(); i++) {
            HTTPMatchRequest m = matches.get(i);
            if (m == null || (map(m.getHeaders()).isEmpty() && map(m.getQueryParams()).isEmpty())) {
                return "whose " + routePath.child("match").index(i) + " has no header match";
            }
        }
        return null;
    }

    private static Share share(FieldPath faultPath, @Nullable Percent percentage, @Nullable Integer percent) {
        if (percentage != null) {
            double value = percentage.getValue() == null ? 0 : percentage.getValue();
            return new Share(value, faultPath.child("percentage").child("value"));
        }
        if (percent != null) {
            return new Share(percent, faultPath.child("percent"));
        }
        return new Share(0, null);
    }

    private static @Nullable String status(HTTPFaultInjectionAbort abort) {
        return switch (abort.getErrorType()) {
            case HTTPFaultInjectionAbortHttpStatus h -> "HTTP " + h.getHttpStatus();
            case HTTPFaultInjectionAbortGrpcStatus g -> "gRPC " + g.getGrpcStatus();
            case null, default -> null;
        };
    }

    private static String describe(HTTPRoute route, FieldPath routePath) {
        String name = route.getName();
        return name == null || name.isEmpty() ? "route " + routePath : "route \"" + name + "\" (" + routePath + ")";
    }

    private static String callers(AnalysisContext context, ConfigResource<VirtualService> vs) {
        List<String> hosts = new ArrayList<>();
        for (String host : list(vs.spec().getHosts())) {
            hosts.add(context.resolve(host, vs.namespace()));
        }
        return hosts.isEmpty() ? "the delegating routes" : String.join(", ", hosts);
    }

    static String format(double percent) {
        return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }
}
