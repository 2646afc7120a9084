package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import org.junit.jupiter.api.Test;

/** The fault filter's per-route config, compiled as Envoy reads it. */
class FaultPolicyTest {

    private static final String FAULT_PATH = "RouteConfiguration \"r\": virtual_hosts[0].routes[0]"
            + ".typed_per_filter_config[\"envoy.filters.http.fault\"]";

    private static FractionalPercent percent(int numerator, DenominatorType denominator) {
        return FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(denominator).build();
    }

    private static FaultDelay delay(long seconds, FractionalPercent percent) {
        return FaultDelay.newBuilder().setFixedDelay(Duration.newBuilder().setSeconds(seconds)).setPercentage(percent)
                .build();
    }

    private static RouteConfiguration config(Route.Builder route, VirtualHost.Builder vhost) {
        return RouteConfiguration.newBuilder().setName("r")
                .addVirtualHosts(vhost.setName("vh").addDomains("*").addRoutes(route
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))))
                .build();
    }

    private static Route.Builder toCluster() {
        return Route.newBuilder().setRoute(RouteAction.newBuilder().setCluster("c"));
    }

    private static FaultPolicy faultOf(RouteConfiguration config) throws InvalidConfigException {
        return RouteTable.compile(config).route(TestRequest.path("/"), 0).fault();
    }

    private static FaultPolicy faultOf(Any perRoute) throws InvalidConfigException {
        return faultOf(config(toCluster().putTypedPerFilterConfig(FaultPolicy.FILTER, perRoute), VirtualHost.newBuilder()));
    }

    @Test
    void delayAndAbortWithTheirPercentagesInPartsPerMillion() throws Exception {
        FaultPolicy fault = faultOf(Any.pack(HTTPFault.newBuilder()
                .setDelay(delay(2, percent(100, DenominatorType.HUNDRED)))
                .setAbort(FaultAbort.newBuilder().setHttpStatus(503).setPercentage(percent(5000, DenominatorType.TEN_THOUSAND)))
                .build()));
        assertThat(fault.delay()).isEqualTo(new FaultPolicy.Delay(java.time.Duration.ofSeconds(2), 1_000_000));
        assertThat(fault.abort()).isEqualTo(new FaultPolicy.Abort(503, -1, 500_000));
        assertThat(fault.abort().grpc()).isFalse();
        // Drawn as Envoy draws a fractional percent: random mod the denominator below the numerator.
        assertThat(fault.aborts(499_999)).isTrue();
        assertThat(fault.aborts(500_000)).isFalse();
        assertThat(fault.aborts(1_499_999)).isTrue();
        assertThat(fault.delays(999_999)).isTrue();
    }

    @Test
    void aPercentageLeftOutInjectsNothingAndOverAHundredIsAll() throws Exception {
        FaultPolicy fault = faultOf(Any.pack(HTTPFault.newBuilder()
                .setDelay(FaultDelay.newBuilder().setFixedDelay(Duration.newBuilder().setNanos(5_000_000)))
                .setAbort(FaultAbort.newBuilder().setGrpcStatus(14).setPercentage(percent(250, DenominatorType.HUNDRED)))
                .build()));
        assertThat(fault.delay().perMillion()).isZero();
        assertThat(fault.delays(0)).isFalse();
        assertThat(fault.abort()).isEqualTo(new FaultPolicy.Abort(200, 14, 1_000_000));
        assertThat(fault.abort().grpc()).isTrue();
    }

    @Test
    void theMostSpecificLevelWinsAndAFilterConfigWrapperIsReadOrDisables() throws Exception {
        Any vhostFault = Any.pack(HTTPFault.newBuilder().setAbort(FaultAbort.newBuilder().setHttpStatus(500)
                .setPercentage(percent(1, DenominatorType.HUNDRED))).build());
        java.util.function.Supplier<VirtualHost.Builder> vhost = () -> VirtualHost.newBuilder()
                .putTypedPerFilterConfig(FaultPolicy.FILTER, vhostFault);
        assertThat(faultOf(config(toCluster(), vhost.get())).abort().httpStatus()).isEqualTo(500);

        Any wrapped = Any.pack(FilterConfig.newBuilder().setConfig(Any.pack(HTTPFault.newBuilder()
                .setAbort(FaultAbort.newBuilder().setHttpStatus(418)).build())).build());
        assertThat(faultOf(config(toCluster().putTypedPerFilterConfig(FaultPolicy.FILTER, wrapped), vhost.get()))
                .abort().httpStatus()).isEqualTo(418);

        Any disabled = Any.pack(FilterConfig.newBuilder().setDisabled(true).build());
        assertThat(faultOf(config(toCluster().putTypedPerFilterConfig(FaultPolicy.FILTER, disabled), vhost.get())))
                .isNull();
        assertThat(faultOf(config(toCluster(), VirtualHost.newBuilder()))).isNull();
    }

    @Test
    void whatTheProxyWouldNotHonourIsRejectedByField() {
        assertRejected(Any.pack(HTTPFault.newBuilder().setAbort(FaultAbort.newBuilder().setHttpStatus(600)).build()),
                FAULT_PATH + ".abort.http_status: must be in [200, 600): 600");
        assertRejected(Any.pack(HTTPFault.newBuilder().setAbort(FaultAbort.newBuilder()
                .setHeaderAbort(FaultAbort.HeaderAbort.getDefaultInstance())).build()),
                FAULT_PATH + ".abort.header_abort: not supported");
        assertRejected(Any.pack(HTTPFault.newBuilder().setAbort(FaultAbort.getDefaultInstance()).build()),
                FAULT_PATH + ".abort: one of http_status or grpc_status is required");
        assertRejected(Any.pack(HTTPFault.newBuilder().setDelay(FaultDelay.getDefaultInstance()).build()),
                FAULT_PATH + ".delay.fixed_delay: is required");
        assertRejected(Any.pack(HTTPFault.newBuilder().setDelay(delay(0, percent(1, DenominatorType.HUNDRED))).build()),
                FAULT_PATH + ".delay.fixed_delay: must be greater than 0");
        assertRejected(Any.pack(HTTPFault.newBuilder().setUpstreamCluster("c").build()),
                FAULT_PATH + ".upstream_cluster: not supported");
        assertRejected(Any.pack(HTTPFault.newBuilder().setMaxActiveFaults(UInt32Value.of(3)).build()),
                FAULT_PATH + ".max_active_faults: not supported");
        assertRejected(Any.pack(UInt32Value.of(1)), FAULT_PATH
                + ": type type.googleapis.com/google.protobuf.UInt32Value (expected: "
                + "envoy.extensions.filters.http.fault.v3.HTTPFault)");
    }

    @Test
    void aFaultOnAWeightedClusterEntryIsRejected() {
        Route.Builder route = Route.newBuilder().setRoute(RouteAction.newBuilder().setWeightedClusters(
                WeightedCluster.newBuilder().addClusters(WeightedCluster.ClusterWeight.newBuilder().setName("c")
                        .setWeight(UInt32Value.of(1)).putTypedPerFilterConfig(FaultPolicy.FILTER,
                                Any.pack(HTTPFault.getDefaultInstance())))));
        assertThatThrownBy(() -> faultOf(config(route, VirtualHost.newBuilder())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("RouteConfiguration \"r\": virtual_hosts[0].routes[0].route.weighted_clusters.clusters[0]"
                        + ".typed_per_filter_config[\"envoy.filters.http.fault\"]: not supported");
    }

    private static void assertRejected(Any perRoute, String message) {
        assertThatThrownBy(() -> faultOf(perRoute)).isInstanceOf(InvalidConfigException.class).hasMessage(message);
    }
}
