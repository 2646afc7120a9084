package dev.sutra.proxy.admin;

import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.OutlierDetector;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.ProxyConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /clusters}: every cluster and its endpoints, in Envoy's line format
 * ({@code cluster::address::field::value}) so the same greps work.
 */
final class ClusterReport {

    private ClusterReport() {
    }

    /** @param outliers outlier detectors by cluster: an ejected host shows {@code /failed_outlier_check}, as in Envoy */
    static String text(ProxyConfig config, Map<String, OutlierDetector> outliers) {
        StringBuilder out = new StringBuilder();
        for (CompiledCluster c : new TreeMap<>(config.clusters()).values()) {
            String n = c.name();
            out.append(n).append("::default_priority::max_connections::").append(c.breakers().maxConnections()).append('\n');
            out.append(n).append("::default_priority::max_requests::").append(c.breakers().maxRequests()).append('\n');
            out.append(n).append("::protocol::").append(c.protocol().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
            if (c.endpoints() == null) {
                out.append(n).append("::warming::waiting for endpoints\n");
                continue;
            }
            OutlierDetector outlier = outliers.get(n);
            if (outlier != null) {
                out.append(n).append("::outlier::ejections_enforced_total::").append(outlier.ejections()).append('\n');
            }
            for (Endpoint e : c.endpoints().endpoints()) {
                String p = n + "::" + e.address() + "::";
                out.append(p).append("health_flags::").append(outlier != null && outlier.isEjected(e.socketAddress())
                        ? "/failed_outlier_check" : e.health().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
                out.append(p).append("weight::").append(e.weight()).append('\n');
                out.append(p).append("priority::").append(e.priority()).append('\n');
                out.append(p).append("region::").append(e.locality().getRegion()).append('\n');
                out.append(p).append("zone::").append(e.locality().getZone()).append('\n');
                out.append(p).append("sub_zone::").append(e.locality().getSubZone()).append('\n');
                out.append(p).append("sidecar::").append(e.hasSidecar()).append('\n');
            }
        }
        return out.toString();
    }
}
