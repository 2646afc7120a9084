package dev.sutra.xds.route;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.mesh.Hostnames;
import dev.sutra.xds.IstioDurations;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.ProxyContext;
import dev.sutra.xds.ResourceNames;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPDirectResponse;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirect;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRedirectPort;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Headers;
import io.fabric8.istio.api.api.networking.v1alpha3.HeadersHeaderOperations;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A VirtualService's HTTP routes as Envoy routes for one virtual host (one service port), as Istio
 * generates them for a sidecar or a proxyless gRPC client: one Envoy route per match clause, in
 * order; clauses for another port, other source labels or another source namespace dropped.
 *
 * <p>Left out for now and ignored: mirrors, CORS, delegates (gateway-only in practice).
 */
final class HttpRouteConverter {

    private final ProxyContext context;

    HttpRouteConverter(ProxyContext context) {
        this.context = context;
    }

    List<Route> convert(ConfigResource<VirtualService> vs, int vhostPort) {
        List<Route> routes = new ArrayList<>();
        List<HTTPRoute> http = Objects.requireNonNullElse(vs.spec().getHttp(), List.of());
        for (HTTPRoute route : http) {
            if (route.getDelegate() != null) {
                continue;
            }
            List<HTTPMatchRequest> matches = Objects.requireNonNullElse(route.getMatch(), List.of());
            if (matches.isEmpty()) {
                routes.add(toEnvoy(vs, route, null, vhostPort));
                continue;
            }
            for (HTTPMatchRequest match : matches) {
                if (applies(match, vhostPort)) {
                    routes.add(toEnvoy(vs, route, match, vhostPort));
                }
            }
        }
        return routes;
    }

    /** Whether a match clause applies to this proxy and port at all (decided now, not per request). */
    private boolean applies(HTTPMatchRequest match, int vhostPort) {
        if (match.getPort() != null && match.getPort() != 0 && match.getPort() != vhostPort) {
            return false;
        }
        List<String> gateways = match.getGateways();
        if (gateways != null && !gateways.isEmpty() && !gateways.contains(MeshIndex.MESH_GATEWAY)) {
            return false;
        }
        String sourceNamespace = match.getSourceNamespace();
        if (sourceNamespace != null && !sourceNamespace.isEmpty()
                && !sourceNamespace.equals(context.proxy().namespace())) {
            return false;
        }
        Map<String, String> sourceLabels = Objects.requireNonNullElse(match.getSourceLabels(), Map.of());
        for (Map.Entry<String, String> e : sourceLabels.entrySet()) {
            if (!e.getValue().equals(context.proxy().labels().get(e.getKey()))) {
                return false;
            }
        }
        // grpc-java ignores a route that matches on query parameters; Istio drops such clauses too.
        return !(context.isGrpc() && match.getQueryParams() != null && !match.getQueryParams().isEmpty());
    }

    private Route toEnvoy(ConfigResource<VirtualService> vs, HTTPRoute route, @Nullable HTTPMatchRequest match,
            int vhostPort) {
        Route.Builder out = Route.newBuilder().setMatch(RouteMatches.toEnvoy(match));
        String name = routeName(route.getName(), match == null ? null : match.getName());
        if (name != null) {
            out.setName(name);
        }
        if (route.getRedirect() != null) {
            out.setRedirect(redirect(route.getRedirect()));
        } else if (route.getDirectResponse() != null) {
            out.setDirectResponse(directResponse(route.getDirectResponse()));
        } else {
            out.setRoute(action(vs, route, vhostPort));
        }
        Headers headers = route.getHeaders();
        if (headers != null) {
            addHeaderOperations(headers.getRequest(), out::addRequestHeadersToAdd, out::addRequestHeadersToRemove);
            addHeaderOperations(headers.getResponse(), out::addResponseHeadersToAdd, out::addResponseHeadersToRemove);
        }
        if (route.getFault() != null) {
            out.putTypedPerFilterConfig(Faults.FILTER_NAME, Any.pack(Faults.toEnvoy(route.getFault())));
        }
        return out.build();
    }

    /** Istio's route name: the route's, extended by the match clause's when both are named. */
    private static @Nullable String routeName(@Nullable String route, @Nullable String match) {
        if (match == null || match.isEmpty()) {
            return route;
        }
        return route == null || route.isEmpty() ? match : route + "." + match;
    }

    private RouteAction.Builder action(ConfigResource<VirtualService> vs, HTTPRoute route, int vhostPort) {
        Duration timeout = IstioDurations.parse(route.getTimeout()).orElse(Duration.getDefaultInstance());
        List<HTTPRouteDestination> destinations = Objects.requireNonNullElse(route.getRoute(), List.of());
        List<HTTPRouteDestination> weighted = new ArrayList<>();
        for (HTTPRouteDestination d : destinations) {
            // Istio drops weight-0 destinations when there are several.
            if (destinations.size() == 1 || d.getWeight() == null || d.getWeight() > 0) {
                weighted.add(d);
            }
        }
        RouteAction.Builder action;
        if (weighted.size() == 1) {
            action = RouteDefaults.forward(cluster(vs, weighted.get(0).getDestination(), vhostPort), timeout);
        } else {
            WeightedCluster.Builder clusters = WeightedCluster.newBuilder();
            for (HTTPRouteDestination d : weighted) {
                WeightedCluster.ClusterWeight.Builder w = WeightedCluster.ClusterWeight.newBuilder()
                        .setName(cluster(vs, d.getDestination(), vhostPort))
                        .setWeight(UInt32Value.of(d.getWeight() == null ? 0 : d.getWeight()));
                if (d.getHeaders() != null) {
                    addHeaderOperations(d.getHeaders().getRequest(), w::addRequestHeadersToAdd,
                            w::addRequestHeadersToRemove);
                    addHeaderOperations(d.getHeaders().getResponse(), w::addResponseHeadersToAdd,
                            w::addResponseHeadersToRemove);
                }
                clusters.addClusters(w);
            }
            action = RouteDefaults.forward("", timeout).clearCluster().setWeightedClusters(clusters);
        }
        RetryPolicy retries = retries(route.getRetries());
        if (retries != null) {
            action.setRetryPolicy(retries);
        }
        if (route.getRewrite() != null) {
            if (route.getRewrite().getUri() != null && !route.getRewrite().getUri().isEmpty()) {
                action.setPrefixRewrite(route.getRewrite().getUri());
            }
            if (route.getRewrite().getUriRegexRewrite() != null) {
                action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                        .setPattern(RouteMatches.regex(route.getRewrite().getUriRegexRewrite().getMatch()))
                        .setSubstitution(route.getRewrite().getUriRegexRewrite().getRewrite()));
            }
            if (route.getRewrite().getAuthority() != null && !route.getRewrite().getAuthority().isEmpty()) {
                action.setHostRewriteLiteral(route.getRewrite().getAuthority());
            }
        }
        return action;
    }

    private String cluster(ConfigResource<VirtualService> vs, Destination destination, int vhostPort) {
        String host = Hostnames.resolve(destination.getHost(), vs.namespace(), context.domainSuffix());
        int explicit = destination.getPort() == null || destination.getPort().getNumber() == null ? 0
                : destination.getPort().getNumber().intValue();
        int port = context.destinationPort(host, explicit, vhostPort);
        return ResourceNames.outboundCluster(port, Objects.requireNonNullElse(destination.getSubset(), ""), host);
    }

    /**
     * Retries as Istio converts them: no {@code retries} gives Istio's defaults, {@code attempts: 0}
     * disables them, HTTP status codes in {@code retryOn} become retriable status codes.
     */
    private @Nullable RetryPolicy retries(@Nullable HTTPRetry retry) {
        if (retry == null) {
            // Proxyless gRPC clients keep their own retry behaviour unless config asks for retries.
            return context.isGrpc() ? null : RouteDefaults.istioRetries();
        }
        if (retry.getAttempts() == null || retry.getAttempts() == 0) {
            return null;
        }
        RetryPolicy.Builder policy = RetryPolicy.newBuilder()
                .setNumRetries(UInt32Value.of(retry.getAttempts()))
                .addRetryHostPredicate(RouteDefaults.previousHosts())
                .setHostSelectionRetryMaxAttempts(5);
        List<String> on = new ArrayList<>();
        String retryOn = retry.getRetryOn() == null || retry.getRetryOn().isBlank()
                ? RouteDefaults.ISTIO_RETRY_ON : retry.getRetryOn();
        boolean statusCodes = false;
        for (String item : retryOn.split(",")) {
            String token = item.strip();
            if (token.chars().allMatch(Character::isDigit) && !token.isEmpty()) {
                policy.addRetriableStatusCodes(Integer.parseInt(token));
                statusCodes = true;
            } else if (!token.isEmpty()) {
                on.add(token);
            }
        }
        if (statusCodes && !on.contains("retriable-status-codes")) {
            on.add("retriable-status-codes");
        }
        if (on.contains("retriable-status-codes") && !statusCodes) {
            policy.addRetriableStatusCodes(503);
        }
        policy.setRetryOn(String.join(",", on));
        IstioDurations.parse(retry.getPerTryTimeout()).ifPresent(policy::setPerTryTimeout);
        return policy.build();
    }

    private static RedirectAction redirect(HTTPRedirect redirect) {
        RedirectAction.Builder out = RedirectAction.newBuilder();
        if (redirect.getUri() != null && !redirect.getUri().isEmpty()) {
            out.setPathRedirect(redirect.getUri());
        }
        if (redirect.getAuthority() != null && !redirect.getAuthority().isEmpty()) {
            out.setHostRedirect(redirect.getAuthority());
        }
        if (redirect.getRedirectPort() instanceof HTTPRedirectPort port && port.getPort() != null) {
            out.setPortRedirect(port.getPort().intValue());
        }
        if (redirect.getScheme() != null && !redirect.getScheme().isEmpty()) {
            out.setSchemeRedirect(redirect.getScheme());
        }
        long code = redirect.getRedirectCode() == null ? 301 : redirect.getRedirectCode();
        out.setResponseCode(switch ((int) code) {
            case 302 -> RedirectAction.RedirectResponseCode.FOUND;
            case 303 -> RedirectAction.RedirectResponseCode.SEE_OTHER;
            case 307 -> RedirectAction.RedirectResponseCode.TEMPORARY_REDIRECT;
            case 308 -> RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT;
            default -> RedirectAction.RedirectResponseCode.MOVED_PERMANENTLY;
        });
        return out.build();
    }

    private static DirectResponseAction directResponse(HTTPDirectResponse response) {
        DirectResponseAction.Builder out = DirectResponseAction.newBuilder()
                .setStatus(response.getStatus() == null ? 200 : response.getStatus().intValue());
        if (response.getBody() != null
                && response.getBody().getSpecifier() instanceof io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyString s) {
            out.setBody(DataSource.newBuilder().setInlineString(s.getString()));
        } else if (response.getBody() != null
                && response.getBody().getSpecifier() instanceof io.fabric8.istio.api.api.networking.v1alpha3.HTTPBodyBytes b) {
            out.setBody(DataSource.newBuilder().setInlineBytes(com.google.protobuf.ByteString.copyFrom(
                    java.util.Base64.getDecoder().decode(b.getBytes()))));
        }
        return out.build();
    }

    private static void addHeaderOperations(@Nullable HeadersHeaderOperations ops,
            java.util.function.Consumer<HeaderValueOption> add, java.util.function.Consumer<String> remove) {
        if (ops == null) {
            return;
        }
        new TreeMap<>(Objects.requireNonNullElse(ops.getSet(), Map.<String, String>of())).forEach((k, v) ->
                add.accept(header(k, v, HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)));
        new TreeMap<>(Objects.requireNonNullElse(ops.getAdd(), Map.<String, String>of())).forEach((k, v) ->
                add.accept(header(k, v, HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)));
        Objects.requireNonNullElse(ops.getRemove(), List.<String>of()).forEach(remove);
    }

    private static HeaderValueOption header(String key, String value, HeaderValueOption.HeaderAppendAction append) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(key).setValue(value))
                .setAppendAction(append)
                .build();
    }
}
