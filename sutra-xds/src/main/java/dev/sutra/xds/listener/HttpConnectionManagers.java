package dev.sutra.xds.listener;

import com.google.protobuf.Any;
import dev.sutra.xds.cluster.ClusterTranslator;
import dev.sutra.xds.route.Faults;
import dev.sutra.xds.telemetry.AccessLogging;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/**
 * HTTP connection managers as Sutra emits them: the fault filter, then the router last (proxyless
 * gRPC rejects a chain whose last filter is not the router).
 */
final class HttpConnectionManagers {

    static final String NAME = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";

    private HttpConnectionManagers() {
    }

    /** A sidecar's manager whose routes come by RDS over ADS; WebSocket upgrades allowed, as Istio does. */
    static HttpConnectionManager rds(String statPrefix, String routeConfigName, boolean accessLog) {
        return logging(base(statPrefix), accessLog)
                .setRds(rdsOf(routeConfigName))
                .addUpgradeConfigs(WEBSOCKET)
                .build();
    }

    /** A proxyless gRPC client's API listener manager: RDS over ADS, nothing gRPC would not use. */
    static HttpConnectionManager api(String routeConfigName) {
        return base(routeConfigName).setRds(rdsOf(routeConfigName)).build();
    }

    /** A sidecar's manager with its route configuration inline. */
    static HttpConnectionManager inline(String statPrefix, RouteConfiguration routes, boolean accessLog) {
        return logging(base(statPrefix), accessLog).setRouteConfig(routes).addUpgradeConfigs(WEBSOCKET).build();
    }

    /**
     * A sidecar's inbound manager behind mutual TLS: as {@link #inline}, and the peer's identity goes
     * to the application in {@code x-forwarded-client-cert} (Istio's sidecar inbound setting: keep
     * what came, append this hop's peer URI). Plaintext chains keep Envoy's default, SANITIZE, so a
     * client without a certificate cannot forge the header.
     */
    static HttpConnectionManager inlineMutualTls(String statPrefix, RouteConfiguration routes, boolean accessLog) {
        return logging(base(statPrefix), accessLog).setRouteConfig(routes).addUpgradeConfigs(WEBSOCKET)
                .setForwardClientCertDetails(HttpConnectionManager.ForwardClientCertDetails.APPEND_FORWARD)
                .setSetCurrentClientCertDetails(HttpConnectionManager.SetCurrentClientCertDetails.newBuilder()
                        .setUri(true))
                .build();
    }

    private static final HttpConnectionManager.UpgradeConfig WEBSOCKET =
            HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket").build();

    private static Rds rdsOf(String routeConfigName) {
        return Rds.newBuilder().setConfigSource(ClusterTranslator.ads()).setRouteConfigName(routeConfigName).build();
    }

    /**
     * Istio's {@code envoy} access log provider when Telemetry turns it on: Envoy's file logger on
     * the proxy's standard output, in Istio's text format.
     */
    private static HttpConnectionManager.Builder logging(HttpConnectionManager.Builder manager, boolean accessLog) {
        if (!accessLog) {
            return manager;
        }
        FileAccessLog stdout = FileAccessLog.newBuilder()
                .setPath("/dev/stdout")
                .setLogFormat(SubstitutionFormatString.newBuilder().setTextFormatSource(DataSource.newBuilder()
                        .setInlineString(AccessLogging.ISTIO_TEXT_FORMAT)))
                .build();
        return manager.addAccessLog(AccessLog.newBuilder().setName("envoy.access_loggers.file")
                .setTypedConfig(Any.pack(stdout)));
    }

    private static HttpConnectionManager.Builder base(String statPrefix) {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix(statPrefix)
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(Faults.FILTER_NAME)
                        .setTypedConfig(Any.pack(HTTPFault.getDefaultInstance())))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(ROUTER)
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())));
    }
}
