package dev.sutra.proxy.router;

import com.google.protobuf.ByteString;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles route actions: forwarding (one or weighted clusters), redirects, direct responses. */
final class ActionCompiler {
    private static final long MAX_TOTAL_WEIGHT = 0xFFFF_FFFFL;

    private final CompileContext ctx;
    private final int maxDirectResponseBody;

    ActionCompiler(CompileContext ctx, int maxDirectResponseBody) {
        this.ctx = ctx;
        this.maxDirectResponseBody = maxDirectResponseBody;
    }

    RouteAction forward(io.envoyproxy.envoy.config.route.v3.RouteAction a, String path,
            PathMatcher matcher, @Nullable RetryPolicy vhostRetry) throws InvalidConfigException {
        rejectUnsupported(a, path);
        Forwarding forwarding = forwarding(a, path, matcher, vhostRetry);
        return switch (a.getClusterSpecifierCase()) {
            case CLUSTER -> new ClusterAction(a.getCluster(), forwarding);
            case WEIGHTED_CLUSTERS -> weighted(a.getWeightedClusters(), path + ".weighted_clusters",
                    forwarding);
            case CLUSTER_HEADER -> throw ctx.error(path + ".cluster_header", "not supported");
            case CLUSTER_SPECIFIER_PLUGIN -> throw ctx.error(path + ".cluster_specifier_plugin",
                    "not supported");
            case INLINE_CLUSTER_SPECIFIER_PLUGIN -> throw ctx.error(
                    path + ".inline_cluster_specifier_plugin", "not supported");
            case CLUSTERSPECIFIER_NOT_SET -> throw ctx.error(path, "one of cluster or"
                    + " weighted_clusters is required");
        };
    }

    // Deprecated fields are still read: Envoy still honours them, so they must not be ignored.
    @SuppressWarnings("deprecation")
    private void rejectUnsupported(io.envoyproxy.envoy.config.route.v3.RouteAction a, String path)
            throws InvalidConfigException {
        reject(a.hasMetadataMatch(), path + ".metadata_match");
        reject(a.hasPathRewritePolicy(), path + ".path_rewrite_policy");
        reject(a.hasAutoHostRewrite() && a.getAutoHostRewrite().getValue(),
                path + ".auto_host_rewrite");
        reject(!a.getHostRewriteHeader().isEmpty(), path + ".host_rewrite_header");
        reject(a.hasHostRewritePathRegex(), path + ".host_rewrite_path_regex");
        reject(a.hasRetryPolicyTypedConfig(), path + ".retry_policy_typed_config");
        reject(a.getRequestMirrorPoliciesCount() > 0, path + ".request_mirror_policies");
        reject(a.getRateLimitsCount() > 0, path + ".rate_limits");
        reject(a.hasCors(), path + ".cors");
        reject(a.hasHedgePolicy(), path + ".hedge_policy");
        reject(a.hasInternalRedirectPolicy(), path + ".internal_redirect_policy");
        reject(a.getInternalRedirectActionValue() != 0, path + ".internal_redirect_action");
        if (a.hasMaxGrpcTimeout() || a.hasGrpcTimeoutOffset()) {
            throw ctx.error(path + (a.hasMaxGrpcTimeout() ? ".max_grpc_timeout"
                    : ".grpc_timeout_offset"), "deprecated and not supported; use"
                    + " max_stream_duration.grpc_timeout_header_max");
        }
    }

    private Forwarding forwarding(io.envoyproxy.envoy.config.route.v3.RouteAction a, String path,
            PathMatcher matcher, @Nullable RetryPolicy vhostRetry) throws InvalidConfigException {
        Duration timeout = a.hasTimeout() ? ctx.millis(a.getTimeout(), path + ".timeout")
                : Forwarding.DEFAULT_TIMEOUT;
        Duration idle = a.hasIdleTimeout() ? ctx.millis(a.getIdleTimeout(), path + ".idle_timeout")
                : null;
        Duration maxStream = null;
        Duration grpcMax = null;
        Duration grpcOffset = null;
        if (a.hasMaxStreamDuration()) {
            var m = a.getMaxStreamDuration();
            String p = path + ".max_stream_duration";
            maxStream = m.hasMaxStreamDuration()
                    ? ctx.millis(m.getMaxStreamDuration(), p + ".max_stream_duration") : null;
            grpcMax = m.hasGrpcTimeoutHeaderMax()
                    ? ctx.millis(m.getGrpcTimeoutHeaderMax(), p + ".grpc_timeout_header_max") : null;
            grpcOffset = m.hasGrpcTimeoutHeaderOffset() ? ctx.millis(m.getGrpcTimeoutHeaderOffset(),
                    p + ".grpc_timeout_header_offset") : null;
        }
        RetryPolicy retry = a.hasRetryPolicy()
                ? RetryPolicy.compile(a.getRetryPolicy(), path + ".retry_policy", ctx) : vhostRetry;
        PathRewrite rewrite = rewrite(a.getPrefixRewrite(), a.hasRegexRewrite()
                ? a.getRegexRewrite() : null, path, matcher);
        int notFound = switch (a.getClusterNotFoundResponseCode()) {
            case SERVICE_UNAVAILABLE -> 503;
            case NOT_FOUND -> 404;
            case INTERNAL_SERVER_ERROR -> 500;
            case UNRECOGNIZED -> throw ctx.error(path + ".cluster_not_found_response_code",
                    "unknown value");
        };
        boolean high = switch (a.getPriority()) {
            case DEFAULT -> false;
            case HIGH -> true;
            case UNRECOGNIZED -> throw ctx.error(path + ".priority", "unknown value");
        };
        Map<String, Boolean> upgrades = new HashMap<>();
        for (int i = 0; i < a.getUpgradeConfigsCount(); i++) {
            var u = a.getUpgradeConfigs(i);
            String p = path + ".upgrade_configs[" + i + "]";
            if (u.hasConnectConfig()) {
                throw ctx.error(p + ".connect_config", "not supported");
            }
            String type = Ascii.toLowerCase(ctx.nonEmpty(u.getUpgradeType(), p + ".upgrade_type"));
            if (upgrades.put(type, !u.hasEnabled() || u.getEnabled().getValue()) != null) {
                throw ctx.error(p + ".upgrade_type", "duplicate upgrade " + u.getUpgradeType());
            }
        }
        String hostRewrite = a.getHostRewriteLiteral().isEmpty() ? null : a.getHostRewriteLiteral();
        return new Forwarding(timeout, idle, maxStream, grpcMax, grpcOffset, retry, rewrite,
                hostRewrite, a.getAppendXForwardedHost(), notFound, high, upgrades);
    }

    /** Envoy permits one of prefix_rewrite and regex_rewrite. */
    private PathRewrite rewrite(String prefix,
            @Nullable RegexMatchAndSubstitute regex,
            String path, PathMatcher matcher) throws InvalidConfigException {
        if (!prefix.isEmpty() && regex != null) {
            throw ctx.error(path, "specify only one of prefix_rewrite and regex_rewrite");
        }
        if (!prefix.isEmpty()) {
            return new PathRewrite.Prefix(prefix, matcher.matchedLength());
        }
        if (regex != null) {
            return new PathRewrite.Regex(RegexSubstitution.compile(regex, path + ".regex_rewrite",
                    ctx));
        }
        return PathRewrite.None.INSTANCE;
    }

    private WeightedClustersAction weighted(WeightedCluster w, String path, Forwarding forwarding)
            throws InvalidConfigException {
        if (w.getClustersCount() == 0) {
            throw ctx.error(path + ".clusters", "at least one cluster is required");
        }
        List<ClusterWeight> clusters = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < w.getClustersCount(); i++) {
            var c = w.getClusters(i);
            String p = path + ".clusters[" + i + "]";
            reject(!c.getClusterHeader().isEmpty(), p + ".cluster_header");
            reject(c.hasMetadataMatch(), p + ".metadata_match");
            reject(c.containsTypedPerFilterConfig(FaultPolicy.FILTER),
                    p + ".typed_per_filter_config[\"" + FaultPolicy.FILTER + "\"]");
            String name = ctx.nonEmpty(c.getName(), p + ".name");
            if (!c.hasWeight()) {
                throw ctx.error(p + ".weight", "is required");
            }
            long weight = Integer.toUnsignedLong(c.getWeight().getValue());
            total += weight;
            if (total > MAX_TOTAL_WEIGHT) {
                throw ctx.error(p + ".weight", "the sum of weights exceeds " + MAX_TOTAL_WEIGHT);
            }
            HeaderMutations request = HeaderMutations.of(List.of(HeaderMutations.level(
                    c.getRequestHeadersToAddList(), p + ".request_headers_to_add",
                    c.getRequestHeadersToRemoveList(), p + ".request_headers_to_remove", ctx)));
            HeaderMutations response = HeaderMutations.of(List.of(HeaderMutations.level(
                    c.getResponseHeadersToAddList(), p + ".response_headers_to_add",
                    c.getResponseHeadersToRemoveList(), p + ".response_headers_to_remove", ctx)));
            clusters.add(new ClusterWeight(name, weight, request, response,
                    c.getHostRewriteLiteral().isEmpty() ? null : c.getHostRewriteLiteral(),
                    c.getTypedPerFilterConfigMap()));
        }
        if (total == 0) {
            throw ctx.error(path + ".clusters", "the sum of weights must be greater than 0");
        }
        String header = w.getHeaderName().isEmpty() ? null : Ascii.toLowerCase(w.getHeaderName());
        return new WeightedClustersAction(clusters, total, header, forwarding);
    }

    dev.sutra.proxy.router.RedirectAction redirect(RedirectAction r, String path,
            PathMatcher matcher) throws InvalidConfigException {
        String scheme = switch (r.getSchemeRewriteSpecifierCase()) {
            case HTTPS_REDIRECT -> r.getHttpsRedirect() ? "https" : null;
            case SCHEME_REDIRECT -> r.getSchemeRedirect().isEmpty() ? null
                    : Ascii.toLowerCase(r.getSchemeRedirect());
            case SCHEMEREWRITESPECIFIER_NOT_SET -> null;
        };
        if (r.getPortRedirect() > 65535) {
            throw ctx.error(path + ".port_redirect", "must be at most 65535");
        }
        String pathRedirect = null;
        PathRewrite rewrite = PathRewrite.None.INSTANCE;
        switch (r.getPathRewriteSpecifierCase()) {
            case PATH_REDIRECT -> pathRedirect = r.getPathRedirect().isEmpty() ? null
                    : r.getPathRedirect();
            case PREFIX_REWRITE -> rewrite = rewrite(r.getPrefixRewrite(), null, path, matcher);
            case REGEX_REWRITE -> rewrite = rewrite("", r.getRegexRewrite(), path, matcher);
            case PATHREWRITESPECIFIER_NOT_SET -> { }
        }
        int status = switch (r.getResponseCode()) {
            case MOVED_PERMANENTLY -> 301;
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
            case UNRECOGNIZED -> throw ctx.error(path + ".response_code", "unknown value");
        };
        return new dev.sutra.proxy.router.RedirectAction(scheme,
                r.getHostRedirect().isEmpty() ? null : r.getHostRedirect(), r.getPortRedirect(),
                pathRedirect, rewrite, status, r.getStripQuery());
    }

    dev.sutra.proxy.router.DirectResponseAction directResponse(DirectResponseAction d, String path)
            throws InvalidConfigException {
        int status = d.getStatus();
        if (status < 200 || status >= 600) {
            throw ctx.error(path + ".status", "must be in [200, 600): " + status);
        }
        ByteString body = ByteString.EMPTY;
        if (d.hasBody()) {
            var source = d.getBody();
            body = switch (source.getSpecifierCase()) {
                case INLINE_BYTES -> source.getInlineBytes();
                case INLINE_STRING -> ByteString.copyFromUtf8(source.getInlineString());
                case FILENAME, ENVIRONMENT_VARIABLE -> throw ctx.error(path + ".body."
                        + (source.hasFilename() ? "filename" : "environment_variable"),
                        "only inline bodies are supported");
                case SPECIFIER_NOT_SET -> ByteString.EMPTY;
            };
            if (body.size() > maxDirectResponseBody) {
                throw ctx.error(path + ".body", "response body size is " + body.size()
                        + " bytes; maximum is " + maxDirectResponseBody);
            }
        }
        return new dev.sutra.proxy.router.DirectResponseAction(status, body);
    }

    private void reject(boolean set, String path) throws InvalidConfigException {
        if (set) {
            throw ctx.error(path, "not supported");
        }
    }
}
