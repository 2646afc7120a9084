package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighted routes whose weights do not add up to 100. Istio treats weights as relative (a destination
 * gets weight/sum), which is valid, but a reader takes the numbers for percentages; this says what
 * each destination really receives.
 */
final class RouteWeightsAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "virtualservice.RouteWeights";
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ConfigResource<VirtualService> vs : context.config().virtualServices()) {
            FieldPath spec = FieldPath.of("spec");
            List<HTTPRoute> http = list(vs.spec().getHttp());
            for (int i = 0; i < http.size(); i++) {
                if (http.get(i) != null) {
                    List<Integer> weights = new ArrayList<>();
                    for (HTTPRouteDestination d : list(http.get(i).getRoute())) {
                        weights.add(d == null ? null : d.getWeight());
                    }
                    check(vs, spec.child("http").index(i).child("route"), weights, findings);
                }
            }
            for (String kind : new String[] {"tcp", "tls"}) {
                List<List<RouteDestination>> routes = new ArrayList<>();
                if (kind.equals("tcp")) {
                    list(vs.spec().getTcp()).forEach(r -> routes.add(r == null ? List.of() : list(r.getRoute())));
                } else {
                    list(vs.spec().getTls()).forEach(r -> routes.add(r == null ? List.of() : list(r.getRoute())));
                }
                for (int i = 0; i < routes.size(); i++) {
                    List<Integer> weights = new ArrayList<>();
                    routes.get(i).forEach(d -> weights.add(d == null ? null : d.getWeight()));
                    check(vs, spec.child(kind).index(i).child("route"), weights, findings);
                }
            }
        }
        return findings;
    }

    private static void check(ConfigResource<VirtualService> vs, FieldPath path, List<Integer> weights,
            List<Finding> findings) {
        if (weights.size() < 2) {
            return;
        }
        long sum = 0;
        List<String> written = new ArrayList<>();
        for (Integer w : weights) {
            long value = w == null || w < 0 ? 0 : w;
            sum += value;
            written.add(String.valueOf(value));
        }
        if (sum == 0 || sum == 100) {
            return;
        }
        List<String> shares = new ArrayList<>();
        for (Integer w : weights) {
            long value = w == null || w < 0 ? 0 : w;
            shares.add(BigDecimal.valueOf(value * 100).divide(BigDecimal.valueOf(sum), 1, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString() + "%");
        }
        findings.add(Finding.of(FindingType.WEIGHTS_NOT_PERCENTAGES, vs, path, "weights " + String.join(", ", written)
                + " sum to " + sum + ", so the destinations receive " + String.join(", ", shares)
                + " (weights are relative; weights summing to 100 read as percentages)"));
    }
}
