package dev.sutra.proxy.cluster;

import io.envoyproxy.envoy.config.core.v3.Locality;
import java.util.List;

/**
 * The endpoints of one locality at one priority.
 *
 * @param locality region, zone and sub-zone
 * @param weight the locality's {@code load_balancing_weight}; 0 when unset, which means no traffic
 *     under locality-weighted load balancing
 * @param endpoints its endpoints in EDS order
 */
public record LocalityEndpoints(Locality locality, int weight, List<Endpoint> endpoints) {
    public LocalityEndpoints {
        endpoints = List.copyOf(endpoints);
    }
}
