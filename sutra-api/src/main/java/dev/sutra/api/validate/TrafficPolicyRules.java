package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsHTTPSettingsH2UpgradePolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.ConnectionPoolSettingsTCPSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyPortTrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.TrafficPolicyTunnelSettings;
import java.util.List;

/**
 * Traffic policies of DestinationRules (and connection pools of Sidecars): connection pools, outlier
 * detection, per-port settings and tunnels; load balancing and TLS have their own rules.
 */
final class TrafficPolicyRules {

    private TrafficPolicyRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable TrafficPolicy policy) {
        if (policy == null) {
            return;
        }
        if (policy.getOutlierDetection() == null && policy.getConnectionPool() == null && policy.getLoadBalancer() == null
                && policy.getTls() == null && Nulls.isEmpty(policy.getPortLevelSettings()) && policy.getTunnel() == null
                && policy.getProxyProtocol() == null && policy.getRetryBudget() == null) {
            checks.missing(path, "at least one setting, or no trafficPolicy at all");
            return;
        }
        if (policy.getTunnel() != null && policy.getProxyProtocol() != null) {
            checks.conflict(path.child("tunnel"), "proxyProtocol", "tunnel or proxyProtocol, not both");
        }
        checkOutlierDetection(checks, path.child("outlierDetection"), policy.getOutlierDetection());
        checkConnectionPool(checks, path.child("connectionPool"), policy.getConnectionPool());
        LoadBalancerRules.check(checks, path.child("loadBalancer"), policy.getLoadBalancer(), policy.getOutlierDetection());
        ClientTlsRules.check(checks, path.child("tls"), policy.getTls());
        checkPortLevel(checks, path.child("portLevelSettings"), Nulls.list(policy.getPortLevelSettings()));
        checkTunnel(checks, path.child("tunnel"), policy.getTunnel());
        if (policy.getRetryBudget() != null && policy.getRetryBudget().getPercent() != null) {
            double percent = policy.getRetryBudget().getPercent();
            if (percent < 0 || percent > 100) {
                checks.invalid(path.child("retryBudget").child("percent"), percent, "0 to 100");
            }
        }
    }

    private static void checkPortLevel(Checks checks, FieldPath path, List<TrafficPolicyPortTrafficPolicy> ports) {
        for (int i = 0; i < ports.size(); i++) {
            FieldPath at = path.index(i);
            TrafficPolicyPortTrafficPolicy p = ports.get(i);
            if (p == null) {
                checks.missing(at, "a port and its settings");
                continue;
            }
            if (p.getPort() == null) {
                checks.missing(at.child("port"), "the port number the settings apply to");
            } else {
                Addresses.checkRequiredPort(checks, at.child("port").child("number"), p.getPort().getNumber());
            }
            if (p.getOutlierDetection() == null && p.getConnectionPool() == null && p.getLoadBalancer() == null
                    && p.getTls() == null) {
                checks.missing(at, "at least one of connectionPool, loadBalancer, outlierDetection or tls");
                continue;
            }
            checkOutlierDetection(checks, at.child("outlierDetection"), p.getOutlierDetection());
            checkConnectionPool(checks, at.child("connectionPool"), p.getConnectionPool());
            LoadBalancerRules.check(checks, at.child("loadBalancer"), p.getLoadBalancer(), p.getOutlierDetection());
            ClientTlsRules.check(checks, at.child("tls"), p.getTls());
        }
    }

    static void checkOutlierDetection(Checks checks, FieldPath path, @Nullable OutlierDetection outlier) {
        if (outlier == null) {
            return;
        }
        Durations.check(checks, path.child("baseEjectionTime"), outlier.getBaseEjectionTime());
        Durations.check(checks, path.child("interval"), outlier.getInterval());
        // Envoy counts local-origin failures apart only when told to split them from upstream errors.
        if (!Nulls.isTrue(outlier.getSplitExternalLocalOriginErrors()) && outlier.getConsecutiveLocalOriginFailures() != null
                && outlier.getConsecutiveLocalOriginFailures() > 0) {
            checks.invalid(path.child("consecutiveLocalOriginFailures"), outlier.getConsecutiveLocalOriginFailures(),
                    "unset unless splitExternalLocalOriginErrors is true");
        }
        checkPercent(checks, path.child("maxEjectionPercent"), outlier.getMaxEjectionPercent());
        checkPercent(checks, path.child("minHealthPercent"), outlier.getMinHealthPercent());
        checkNonNegative(checks, path.child("consecutive5xxErrors"), outlier.getConsecutive5xxErrors());
        checkNonNegative(checks, path.child("consecutiveGatewayErrors"), outlier.getConsecutiveGatewayErrors());
        checkNonNegative(checks, path.child("consecutiveErrors"), outlier.getConsecutiveErrors());
    }

    static void checkConnectionPool(Checks checks, FieldPath path, @Nullable ConnectionPoolSettings pool) {
        if (pool == null) {
            return;
        }
        if (pool.getHttp() == null && pool.getTcp() == null) {
            checks.missing(path, "http, tcp or both");
            return;
        }
        ConnectionPoolSettingsHTTPSettings http = pool.getHttp();
        if (http != null) {
            FieldPath at = path.child("http");
            checkNonNegative(checks, at.child("http1MaxPendingRequests"), http.getHttp1MaxPendingRequests());
            checkNonNegative(checks, at.child("http2MaxRequests"), http.getHttp2MaxRequests());
            checkNonNegative(checks, at.child("maxRequestsPerConnection"), http.getMaxRequestsPerConnection());
            checkNonNegative(checks, at.child("maxRetries"), http.getMaxRetries());
            checkNonNegative(checks, at.child("maxConcurrentStreams"), http.getMaxConcurrentStreams());
            Durations.check(checks, at.child("idleTimeout"), http.getIdleTimeout());
            if (http.getH2UpgradePolicy() == ConnectionPoolSettingsHTTPSettingsH2UpgradePolicy.UPGRADE
                    && Nulls.isTrue(http.getUseClientProtocol())) {
                checks.conflict(at.child("useClientProtocol"), "h2UpgradePolicy: UPGRADE",
                        "useClientProtocol false when connections are upgraded to HTTP/2");
            }
        }
        ConnectionPoolSettingsTCPSettings tcp = pool.getTcp();
        if (tcp != null) {
            FieldPath at = path.child("tcp");
            checkNonNegative(checks, at.child("maxConnections"), tcp.getMaxConnections());
            Durations.check(checks, at.child("connectTimeout"), tcp.getConnectTimeout());
            Durations.check(checks, at.child("maxConnectionDuration"), tcp.getMaxConnectionDuration());
            // 0s switches the idle timeout off.
            Durations.checkZeroOrMore(checks, at.child("idleTimeout"), tcp.getIdleTimeout());
            if (tcp.getTcpKeepalive() != null) {
                Durations.check(checks, at.child("tcpKeepalive").child("time"), tcp.getTcpKeepalive().getTime());
                Durations.check(checks, at.child("tcpKeepalive").child("interval"), tcp.getTcpKeepalive().getInterval());
            }
        }
    }

    private static void checkTunnel(Checks checks, FieldPath path, @Nullable TrafficPolicyTunnelSettings tunnel) {
        if (tunnel == null) {
            return;
        }
        String protocol = tunnel.getProtocol();
        if (!Nulls.isEmpty(protocol) && !protocol.equals("CONNECT") && !protocol.equals("POST")) {
            checks.invalid(path.child("protocol"), protocol, "CONNECT or POST");
        }
        String target = Nulls.string(tunnel.getTargetHost());
        if (HostRules.fqdnProblem(target) != null && !Addresses.isIp(target)) {
            checks.invalid(path.child("targetHost"), target, "a host name or IP address");
        }
        Addresses.checkRequiredPort(checks, path.child("targetPort"), tunnel.getTargetPort());
    }

    private static void checkPercent(Checks checks, FieldPath path, @Nullable Integer percent) {
        if (percent != null && (percent < 0 || percent > 100)) {
            checks.invalid(path, percent, "0 to 100");
        }
    }

    private static void checkNonNegative(Checks checks, FieldPath path, @Nullable Integer value) {
        if (value != null && value < 0) {
            checks.invalid(path, value, "0 or more");
        }
    }
}
