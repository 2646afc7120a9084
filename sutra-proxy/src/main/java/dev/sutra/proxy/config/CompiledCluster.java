package dev.sutra.proxy.config;

import static java.util.Objects.requireNonNull;

import dev.sutra.proxy.cluster.EndpointSet;
import dev.sutra.proxy.cluster.LbConfig;
import java.time.Duration;

/**
 * A cluster ready for traffic: how to balance, where the endpoints are, how to talk to them.
 *
 * @param name the CDS name
 * @param lb load-balancing settings
 * @param endpoints the endpoints, or null while an EDS cluster waits for its assignment
 * @param protocol the HTTP version of upstream connections
 * @param connectTimeout how long a connection attempt may take
 * @param breakers circuit-breaker thresholds
 * @param outlier outlier detection, or null when the cluster has none
 * @param maxRequestsPerConnection 0 for no limit
 * @param idleTimeout how long an idle upstream connection is kept; null for Envoy's one hour
 * @param tls the transport to each endpoint (mTLS to sidecars, plaintext otherwise, ...)
 */
public record CompiledCluster(String name, LbConfig lb, @Nullable EndpointSet endpoints, UpstreamProtocol protocol,
        Duration connectTimeout, CircuitBreakers breakers, @Nullable OutlierPolicy outlier, int maxRequestsPerConnection,
        @Nullable Duration idleTimeout, TlsSelector tls) {

    public CompiledCluster {
        requireNonNull(name, "name");
        requireNonNull(lb, "lb");
        requireNonNull(protocol, "protocol");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(breakers, "breakers");
        requireNonNull(tls, "tls");
    }
}
