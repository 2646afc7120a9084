package dev.sutra.proxy.router;

import com.google.protobuf.Any;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles a {@code RouteConfiguration} and its virtual hosts; routes go to RouteCompiler. */
final class RouteConfigCompiler {
    /** Envoy's default {@code max_direct_response_body_size_bytes}. */
    private static final int DEFAULT_MAX_BODY = 4096;

    private final RouteConfiguration config;
    private final CompileContext ctx;

    RouteConfigCompiler(RouteConfiguration config) {
        this.config = config;
        this.ctx = new CompileContext(config.getName());
    }

    RouteTable compile() throws InvalidConfigException {
        reject(config.hasVhds(), "vhds");
        reject(config.getInternalOnlyHeadersCount() > 0, "internal_only_headers");
        reject(config.getClusterSpecifierPluginsCount() > 0, "cluster_specifier_plugins");
        reject(config.getRequestMirrorPoliciesCount() > 0, "request_mirror_policies");
        Levels top = new Levels(
                HeaderMutations.level(config.getRequestHeadersToAddList(), "request_headers_to_add",
                        config.getRequestHeadersToRemoveList(), "request_headers_to_remove", ctx),
                HeaderMutations.level(config.getResponseHeadersToAddList(),
                        "response_headers_to_add", config.getResponseHeadersToRemoveList(),
                        "response_headers_to_remove", ctx),
                config.getTypedPerFilterConfigMap());
        int maxBody = config.hasMaxDirectResponseBodySizeBytes()
                ? config.getMaxDirectResponseBodySizeBytes().getValue() : DEFAULT_MAX_BODY;
        RouteCompiler routes = new RouteCompiler(ctx, maxBody,
                config.getMostSpecificHeaderMutationsWins());

        DomainIndex.Builder domains = DomainIndex.builder(config.getIgnorePortInHostMatching());
        for (int i = 0; i < config.getVirtualHostsCount(); i++) {
            VirtualHost vh = config.getVirtualHosts(i);
            String path = "virtual_hosts[" + i + "]";
            VirtualHostEntry entry = virtualHost(vh, path, top, routes);
            if (vh.getDomainsCount() == 0) {
                throw ctx.error(path + ".domains", "at least one domain is required");
            }
            for (int d = 0; d < vh.getDomainsCount(); d++) {
                String problem = domains.add(vh.getDomains(d), entry);
                if (problem != null) {
                    throw ctx.error(path + ".domains[" + d + "]", problem);
                }
            }
        }
        return new RouteTable(config.getName(), domains.build(),
                config.getIgnorePathParametersInPathMatching());
    }

    // Deprecated fields are still read so that setting them is refused rather than ignored.
    @SuppressWarnings("deprecation")
    private VirtualHostEntry virtualHost(VirtualHost vh, String path, Levels top,
            RouteCompiler routes) throws InvalidConfigException {
        String name = ctx.nonEmpty(vh.getName(), path + ".name");
        reject(vh.hasMatcher(), path + ".matcher");
        if (vh.getRequireTlsValue() != 0) {
            throw ctx.error(path + ".require_tls", "TLS requirements are not supported: "
                    + vh.getRequireTls());
        }
        reject(vh.getRateLimitsCount() > 0, path + ".rate_limits");
        reject(vh.hasCors(), path + ".cors");
        reject(vh.hasRetryPolicyTypedConfig(), path + ".retry_policy_typed_config");
        reject(vh.hasHedgePolicy(), path + ".hedge_policy");
        reject(vh.getRequestMirrorPoliciesCount() > 0, path + ".request_mirror_policies");

        Levels levels = new Levels(
                HeaderMutations.level(vh.getRequestHeadersToAddList(),
                        path + ".request_headers_to_add", vh.getRequestHeadersToRemoveList(),
                        path + ".request_headers_to_remove", ctx),
                HeaderMutations.level(vh.getResponseHeadersToAddList(),
                        path + ".response_headers_to_add", vh.getResponseHeadersToRemoveList(),
                        path + ".response_headers_to_remove", ctx),
                merge(top.filterConfig, vh.getTypedPerFilterConfigMap()));
        RetryPolicy retry = vh.hasRetryPolicy()
                ? RetryPolicy.compile(vh.getRetryPolicy(), path + ".retry_policy", ctx) : null;

        VirtualHostEntry entry = new VirtualHostEntry(name);
        List<RouteEntry> compiled = new ArrayList<>();
        for (int r = 0; r < vh.getRoutesCount(); r++) {
            compiled.add(routes.compile(vh.getRoutes(r), path + ".routes[" + r + "]", name, top,
                    levels, retry));
        }
        entry.routes(compiled.toArray(new RouteEntry[0]));
        return entry;
    }

    /** A less specific map overlaid by a more specific one. */
    static Map<String, Any> merge(Map<String, Any> lessSpecific, Map<String, Any> moreSpecific) {
        if (moreSpecific.isEmpty()) {
            return lessSpecific;
        }
        Map<String, Any> merged = new HashMap<>(lessSpecific);
        merged.putAll(moreSpecific);
        return Map.copyOf(merged);
    }

    private void reject(boolean set, String path) throws InvalidConfigException {
        if (set) {
            throw ctx.error(path, "not supported");
        }
    }

    /** One configuration level's header mutations and the per-filter config seen from it. */
    record Levels(HeaderMutations.Level request, HeaderMutations.Level response,
            Map<String, Any> filterConfig) {
    }
}
