package dev.sutra.xds.route;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate;

/**
 * What Istio puts on a route when config says nothing: no timeout (Envoy's own 15 s default would
 * turn slow calls into 504s Istio users never see), gRPC deadlines honoured without a cap, and
 * Istio's default retries (two, on connect failures, refused streams, {@code unavailable},
 * {@code cancelled} and 503).
 */
public final class RouteDefaults {

    /** The route name Istio gives the catch-all route of a service without a VirtualService. */
    public static final String DEFAULT_ROUTE = "default";

    static final String ISTIO_RETRY_ON = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    private static final Duration ZERO = Duration.getDefaultInstance();

    private RouteDefaults() {
    }

    /** The catch-all route to {@code cluster}, as Istio emits it for a service with no VirtualService. */
    public static Route catchAll(String cluster, boolean retries) {
        RouteAction.Builder action = forward(cluster, ZERO);
        if (retries) {
            action.setRetryPolicy(istioRetries());
        }
        return Route.newBuilder()
                .setName(DEFAULT_ROUTE)
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(action)
                .build();
    }

    /**
     * A route action to {@code cluster} with {@code timeout} (zero: none). gRPC's deadline header is
     * honoured, capped by the same timeout when one is set; proxyless gRPC reads its timeout from here.
     */
    public static RouteAction.Builder forward(String cluster, Duration timeout) {
        return RouteAction.newBuilder().setCluster(cluster).setTimeout(timeout).setMaxStreamDuration(
                RouteAction.MaxStreamDuration.newBuilder()
                        .setMaxStreamDuration(timeout)
                        .setGrpcTimeoutHeaderMax(timeout));
    }

    /** Istio's default retry policy. */
    public static RetryPolicy istioRetries() {
        return RetryPolicy.newBuilder()
                .setRetryOn(ISTIO_RETRY_ON)
                .setNumRetries(UInt32Value.of(2))
                .addRetriableStatusCodes(503)
                .addRetryHostPredicate(previousHosts())
                .setHostSelectionRetryMaxAttempts(5)
                .build();
    }

    static RetryPolicy.RetryHostPredicate previousHosts() {
        return RetryPolicy.RetryHostPredicate.newBuilder()
                .setName("envoy.retry_host_predicates.previous_hosts")
                .setTypedConfig(Any.pack(PreviousHostsPredicate.getDefaultInstance()))
                .build();
    }
}
