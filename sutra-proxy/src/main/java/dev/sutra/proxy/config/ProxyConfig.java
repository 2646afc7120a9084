package dev.sutra.proxy.config;

import dev.sutra.proxy.router.RouteTable;
import dev.sutra.proxy.xds.XdsSnapshot;
import dev.sutra.ca.TrustBundle;
import java.util.Map;

/**
 * One consistent configuration of the whole proxy, compiled from an xDS snapshot. Immutable and
 * published with a single volatile write; a request reads it once and uses that one version for
 * its whole life.
 *
 * @param source the resources it was compiled from (for config dumps and persistence)
 * @param listeners listeners by name
 * @param routes RDS route tables by name
 * @param clusters clusters by name, endpoints included
 * @param roots the mesh's trust bundle from the {@code ROOTCA} secret, or null without one
 */
public record ProxyConfig(XdsSnapshot source, Map<String, CompiledListener> listeners,
        Map<String, RouteTable> routes, Map<String, CompiledCluster> clusters, @Nullable TrustBundle roots) {

    public static final ProxyConfig EMPTY = new ProxyConfig(XdsSnapshot.empty(), Map.of(), Map.of(), Map.of(), null);

    public ProxyConfig {
        listeners = Map.copyOf(listeners);
        routes = Map.copyOf(routes);
        clusters = Map.copyOf(clusters);
    }

    /** The route table an HTTP chain uses now: inline, else by RDS name (null while it warms). */
    public @Nullable RouteTable routesOf(ListenerChain.Http chain) {
        return chain.inlineRoutes() != null ? chain.inlineRoutes() : routes.get(chain.rdsName());
    }
}
