package dev.sutra.proxy.router;

import com.google.protobuf.Any;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;
import java.util.Map;

/** Compiles one {@code Route}: its match into a {@link RouteEntry}, its action via ActionCompiler. */
final class RouteCompiler {
    private final CompileContext ctx;
    private final ActionCompiler actions;
    private final boolean mostSpecificWins;

    RouteCompiler(CompileContext ctx, int maxDirectResponseBody, boolean mostSpecificWins) {
        this.ctx = ctx;
        this.actions = new ActionCompiler(ctx, maxDirectResponseBody);
        this.mostSpecificWins = mostSpecificWins;
    }

    RouteEntry compile(io.envoyproxy.envoy.config.route.v3.Route proto, String path,
            String vhostName, RouteConfigCompiler.Levels top, RouteConfigCompiler.Levels vhost,
            @Nullable RetryPolicy vhostRetry) throws InvalidConfigException {
        if (!proto.hasMatch()) {
            throw ctx.error(path + ".match", "is required");
        }
        RouteMatch match = proto.getMatch();
        String matchPath = path + ".match";
        PathMatcher pathMatcher = pathMatcher(match, matchPath);

        HeaderCondition[] headers = new HeaderCondition[match.getHeadersCount()];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = HeaderCondition.compile(match.getHeaders(i),
                    matchPath + ".headers[" + i + "]", ctx);
        }
        QueryCondition[] queries = new QueryCondition[match.getQueryParametersCount()];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = QueryCondition.compile(match.getQueryParameters(i),
                    matchPath + ".query_parameters[" + i + "]", ctx);
        }
        if (match.hasTlsContext()) {
            throw ctx.error(matchPath + ".tls_context", "not supported");
        }
        if (match.getDynamicMetadataCount() > 0) {
            throw ctx.error(matchPath + ".dynamic_metadata", "not supported");
        }
        if (match.getFilterStateCount() > 0) {
            throw ctx.error(matchPath + ".filter_state", "not supported");
        }
        long numerator = 0;
        long denominator = 0;
        if (match.hasRuntimeFraction()) {
            FractionalPercent f = match.getRuntimeFraction().getDefaultValue();
            numerator = Integer.toUnsignedLong(f.getNumerator());
            denominator = switch (f.getDenominator()) {
                case HUNDRED -> 100;
                case TEN_THOUSAND -> 10_000;
                case MILLION -> 1_000_000;
                case UNRECOGNIZED -> throw ctx.error(matchPath
                        + ".runtime_fraction.default_value.denominator", "unknown denominator");
            };
        }

        String levelPath = path;
        HeaderMutations.Level routeRequest = HeaderMutations.level(
                proto.getRequestHeadersToAddList(), levelPath + ".request_headers_to_add",
                proto.getRequestHeadersToRemoveList(), levelPath + ".request_headers_to_remove", ctx);
        HeaderMutations.Level routeResponse = HeaderMutations.level(
                proto.getResponseHeadersToAddList(), levelPath + ".response_headers_to_add",
                proto.getResponseHeadersToRemoveList(), levelPath + ".response_headers_to_remove",
                ctx);

        RouteAction action = switch (proto.getActionCase()) {
            case ROUTE -> actions.forward(proto.getRoute(), path + ".route", pathMatcher,
                    vhostRetry);
            case REDIRECT -> actions.redirect(proto.getRedirect(), path + ".redirect", pathMatcher);
            case DIRECT_RESPONSE -> actions.directResponse(proto.getDirectResponse(),
                    path + ".direct_response");
            case FILTER_ACTION -> throw ctx.error(path + ".filter_action", "not supported");
            case NON_FORWARDING_ACTION -> throw ctx.error(path + ".non_forwarding_action",
                    "not supported");
            case ACTION_NOT_SET -> throw ctx.error(path, "an action (route, redirect or"
                    + " direct_response) is required");
        };
        Map<String, Any> filterConfig = RouteConfigCompiler.merge(vhost.filterConfig(),
                proto.getTypedPerFilterConfigMap());
        // The most specific level's config: the route's own, else its virtual host's or route configuration's.
        FaultPolicy fault = FaultPolicy.compile(filterConfig.get(FaultPolicy.FILTER), path
                + ".typed_per_filter_config[\"" + FaultPolicy.FILTER + "\"]", ctx);
        Route route = new Route(proto.getName(), vhostName, action,
                ordered(routeRequest, vhost.request(), top.request()),
                ordered(routeResponse, vhost.response(), top.response()),
                filterConfig, fault);
        return new RouteEntry(pathMatcher, headers, queries, match.hasGrpc(), numerator,
                denominator, route);
    }

    /**
     * Envoy evaluates route, virtual host, then route configuration mutations, later ones winning;
     * {@code most_specific_header_mutations_wins} reverses that so the route's win.
     */
    private HeaderMutations ordered(HeaderMutations.Level route, HeaderMutations.Level vhost,
            HeaderMutations.Level top) {
        return HeaderMutations.of(mostSpecificWins ? List.of(top, vhost, route)
                : List.of(route, vhost, top));
    }

    private PathMatcher pathMatcher(RouteMatch match, String path) throws InvalidConfigException {
        boolean ignoreCase = match.hasCaseSensitive() && !match.getCaseSensitive().getValue();
        return switch (match.getPathSpecifierCase()) {
            case PREFIX -> new PathMatcher.Prefix(match.getPrefix(), ignoreCase);
            case PATH -> new PathMatcher.Exact(match.getPath(), ignoreCase);
            case SAFE_REGEX -> new PathMatcher.Regex(ctx.regex(match.getSafeRegex(),
                    path + ".safe_regex"));
            case PATH_SEPARATED_PREFIX -> {
                String p = match.getPathSeparatedPrefix();
                // Envoy's validation: no query or fragment, and no trailing slash.
                if (p.isEmpty() || p.indexOf('?') >= 0 || p.indexOf('#') >= 0 || p.endsWith("/")) {
                    throw ctx.error(path + ".path_separated_prefix", "must be non-empty, without"
                            + " '?' or '#', and not end with '/': \"" + p + "\"");
                }
                yield new PathMatcher.SeparatedPrefix(p, ignoreCase);
            }
            case CONNECT_MATCHER -> throw ctx.error(path, "unsupported path specifier"
                    + " connect_matcher");
            case PATH_MATCH_POLICY -> throw ctx.error(path, "unsupported path specifier"
                    + " path_match_policy");
            case PATHSPECIFIER_NOT_SET -> throw ctx.error(path, "a path specifier (prefix, path,"
                    + " safe_regex or path_separated_prefix) is required");
        };
    }
}
