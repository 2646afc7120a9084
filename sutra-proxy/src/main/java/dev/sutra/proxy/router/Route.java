package dev.sutra.proxy.router;

import com.google.protobuf.Any;
import dev.sutra.proxy.config.Nullable;
import java.util.Map;

/**
 * A matched route: what to do and what to change on the way, all compiled.
 *
 * <p>The header mutations combine route, virtual host and route configuration levels in Envoy's
 * order: by default the route's are evaluated first and the route configuration's last (so the
 * least specific level wins a conflict); with {@code most_specific_header_mutations_wins} the
 * order is reversed. For a {@link WeightedClustersAction}, apply the chosen
 * {@link ClusterWeight}'s mutations before these.
 *
 * @param name the route's name; empty when unnamed
 * @param virtualHost the name of the virtual host it belongs to
 * @param action what to do
 * @param requestHeaders request header mutations of all levels
 * @param responseHeaders response header mutations of all levels, also applied to local replies
 * @param perFilterConfig {@code typed_per_filter_config} by filter name, the most specific level
 *     (route, then virtual host, then route configuration) winning; values are raw {@link Any}
 *     (possibly a {@code FilterConfig} wrapper) for each filter to decode
 * @param fault the fault filter's config for this route, compiled; null when it has none
 */
public record Route(
        String name,
        String virtualHost,
        RouteAction action,
        HeaderMutations requestHeaders,
        HeaderMutations responseHeaders,
        Map<String, Any> perFilterConfig,
        @Nullable FaultPolicy fault) {

    public Route {
        perFilterConfig = Map.copyOf(perFilterConfig);
    }
}
