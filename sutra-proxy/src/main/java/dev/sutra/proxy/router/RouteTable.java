package dev.sutra.proxy.router;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A compiled {@code RouteConfiguration}: immutable, shareable between event loops, and cheap to
 * query.
 *
 * <p>{@link #route} selects the virtual host by authority (see {@link #virtualHost}) and returns
 * the first of its routes whose path, headers, query parameters, gRPC and runtime-fraction
 * conditions all hold, or null when none does (Envoy answers 404 with response flag NR).
 *
 * <p>Fields the compiler refuses are listed on {@link #compile}; these are accepted and ignored
 * because they do not change which route matches or what it does: metadata, decorator, tracing,
 * stat prefixes, virtual clusters, attempt-count headers, buffer limits, {@code validate_clusters},
 * {@code hash_policy} (only hash-based load balancers use it, and none is supported),
 * {@code runtime_key}s and {@code runtime_key_prefix} (there is no runtime layer: defaults
 * apply), {@code early_data_policy}, {@code total_weight} (deprecated: Envoy uses the sum).
 */
public final class RouteTable {
    private final String name;
    private final DomainIndex domains;
    private final boolean ignorePathParameters;

    RouteTable(String name, DomainIndex domains, boolean ignorePathParameters) {
        this.name = name;
        this.domains = domains;
        this.ignorePathParameters = ignorePathParameters;
    }

    /**
     * Compiles and validates {@code config}.
     *
     * <p>Refused, with the field named: VHDS, internal-only headers, cluster specifier plugins,
     * request mirroring, virtual host matchers ({@code matcher}), {@code require_tls}, rate limits,
     * CORS policies, hedging, typed retry policies; path specifiers {@code connect_matcher} and
     * {@code path_match_policy}; TLS-context, dynamic-metadata and filter-state matches;
     * {@code filter_action} and {@code non_forwarding_action}; {@code cluster_header} and cluster
     * specifier plugins; {@code metadata_match}; {@code path_rewrite_policy};
     * {@code auto_host_rewrite}, {@code host_rewrite_header}, {@code host_rewrite_path_regex};
     * internal redirects; the deprecated {@code max_grpc_timeout} and
     * {@code grpc_timeout_offset}; retry priorities, retry predicates other than
     * {@code previous_hosts}, retriable headers; header values with {@code %...%} substitutions;
     * direct response bodies read from files or the environment.
     *
     * @throws InvalidConfigException naming the resource and field, suitable as NACK detail
     */
    public static RouteTable compile(RouteConfiguration config) throws InvalidConfigException {
        return new RouteConfigCompiler(config).compile();
    }

    /** The route configuration's name. */
    public String name() {
        return name;
    }

    /** Routes with a fresh random value for {@code runtime_fraction}. */
    public @Nullable Route route(RequestView request) {
        return route(request, ThreadLocalRandom.current().nextLong());
    }

    /**
     * Routes {@code request}. {@code randomValue} decides {@code runtime_fraction} matches; Envoy
     * uses one random value per stream for this and for the weighted-cluster pick, so pass the
     * same value to {@link WeightedClustersAction#pick(long)}.
     */
    public @Nullable Route route(RequestView request, long randomValue) {
        VirtualHostEntry vhost = domains.find(request.authority());
        if (vhost == null) {
            return null;
        }
        String path = request.path();
        return vhost.route(request, path, pathEnd(path), randomValue);
    }

    /** The name of the virtual host {@code authority} selects, or null; for admin and tests. */
    public @Nullable String virtualHost(@Nullable String authority) {
        VirtualHostEntry vhost = domains.find(authority);
        return vhost == null ? null : vhost.name;
    }

    /** End of the part of the path that path matchers see. */
    private int pathEnd(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#' || (c == ';' && ignorePathParameters)) {
                return i;
            }
        }
        return path.length();
    }

    @Override
    public String toString() {
        return "RouteTable[" + name + "]";
    }
}
