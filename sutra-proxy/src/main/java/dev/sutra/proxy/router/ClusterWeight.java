package dev.sutra.proxy.router;

import com.google.protobuf.Any;
import dev.sutra.proxy.config.Nullable;
import java.util.Map;

/**
 * One entry of {@code weighted_clusters}.
 *
 * <p>Its own header mutations are applied before the route's (Envoy evaluates the weighted
 * cluster's parser first), its {@code host_rewrite_literal} replaces the route's, and its
 * {@code typed_per_filter_config} is more specific than the route's.
 *
 * @param name the cluster's name
 * @param weight its weight; 0 is never picked
 * @param requestHeaders this entry's request header mutations only
 * @param responseHeaders this entry's response header mutations only
 * @param hostRewriteLiteral null when unset
 * @param perFilterConfig this entry's {@code typed_per_filter_config}
 */
public record ClusterWeight(
        String name,
        long weight,
        HeaderMutations requestHeaders,
        HeaderMutations responseHeaders,
        @Nullable String hostRewriteLiteral,
        Map<String, Any> perFilterConfig) {

    public ClusterWeight {
        perFilterConfig = Map.copyOf(perFilterConfig);
    }
}
