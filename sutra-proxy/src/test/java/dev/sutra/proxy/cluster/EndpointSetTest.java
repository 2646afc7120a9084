package dev.sutra.proxy.cluster;

import static dev.sutra.proxy.cluster.Clas.host;
import static dev.sutra.proxy.cluster.Clas.locality;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointSetTest {
    private static final LbConfig RR = LbConfig.defaults(LbConfig.Policy.ROUND_ROBIN);

    @Test
    void compilesPrioritiesLocalitiesAndEndpoints() {
        LbEndpoint withMeta = host("10.0.0.3").toBuilder()
                .setMetadata(Metadata.newBuilder().putFilterMetadata("istio", Struct.newBuilder()
                        .putFields("workload", Value.newBuilder().setStringValue("w").build()).build()))
                .setEndpoint(host("10.0.0.3").getEndpoint().toBuilder().setHostname("pod-3"))
                .build();
        LbEndpoint unweighted = host("2001:db8::1").toBuilder().clearLoadBalancingWeight().build();
        EndpointSet set = Clas.set(RR,
                locality(0, "a", 3, host("10.0.0.1", 5), host("10.0.0.2", HealthStatus.DRAINING)),
                locality(2, "b", 0, withMeta, unweighted));

        assertThat(set.clusterName()).isEqualTo("outbound|80||svc");
        assertThat(set.overprovisioningFactor()).isEqualTo(140);
        assertThat(set.priorities()).hasSize(3);
        assertThat(set.priorities().get(1).endpoints()).isEmpty();
        assertThat(set.priorities().get(0).localities().get(0).weight()).isEqualTo(3);
        assertThat(set.priorities().get(2).localities().get(0).weight()).isZero();
        assertThat(set.endpoints()).extracting(Endpoint::index).containsExactly(0, 1, 2, 3);
        Endpoint first = set.endpoints().get(0);
        assertThat(first.address()).isEqualTo("10.0.0.1:8080");
        assertThat(first.weight()).isEqualTo(5);
        assertThat(first.health()).isEqualTo(EndpointHealth.HEALTHY);
        assertThat(set.endpoints().get(1).health()).isEqualTo(EndpointHealth.DRAINING);
        Endpoint meta = set.endpoints().get(2);
        assertThat(meta.priority()).isEqualTo(2);
        assertThat(meta.hostname()).isEqualTo("pod-3");
        assertThat(meta.metadata().get("istio").getFieldsOrThrow("workload").getStringValue())
                .isEqualTo("w");
        Endpoint v6 = set.endpoints().get(3);
        assertThat(v6.address()).isEqualTo("[2001:db8::1]:8080");
        assertThat(v6.weight()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("healthCases")
    void mapsEdsHealthLikeEnvoy(HealthStatus eds, EndpointHealth expected) {
        EndpointSet set = Clas.set(RR, locality(0, "a", 1, host("10.0.0.1", eds)));
        assertThat(set.endpoints().get(0).health()).isEqualTo(expected);
    }

    static Stream<Arguments> healthCases() {
        return Stream.of(Arguments.of(HealthStatus.UNKNOWN, EndpointHealth.HEALTHY),
                Arguments.of(HealthStatus.HEALTHY, EndpointHealth.HEALTHY),
                Arguments.of(HealthStatus.DEGRADED, EndpointHealth.DEGRADED),
                Arguments.of(HealthStatus.UNHEALTHY, EndpointHealth.UNHEALTHY),
                Arguments.of(HealthStatus.TIMEOUT, EndpointHealth.UNHEALTHY),
                Arguments.of(HealthStatus.DRAINING, EndpointHealth.DRAINING));
    }

    private static Arguments reject(String name, UnaryOperator<ClusterLoadAssignment.Builder> edit,
            LbConfig lb, String message) {
        return Arguments.of(name, edit, lb, message);
    }

    private static UnaryOperator<ClusterLoadAssignment.Builder> address(Address a) {
        return b -> {
            b.getEndpointsBuilder(0).getLbEndpointsBuilder(1).getEndpointBuilder().setAddress(a);
            return b;
        };
    }

    private static Address socket(String ip, int port) {
        return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip)
                .setPortValue(port)).build();
    }

    static Stream<Arguments> rejections() {
        String p = "ClusterLoadAssignment \"outbound|80||svc\": endpoints[0].lb_endpoints[1]";
        LbConfig weighted = new LbConfig(LbConfig.Policy.ROUND_ROBIN, 2, 1, false, 50, true, false);
        return Stream.of(
                reject("pipe address", address(Address.newBuilder().setPipe(Pipe.newBuilder()
                        .setPath("/tmp/sock")).build()), RR,
                        p + ".endpoint.address.pipe: pipe addresses are not supported"),
                reject("no address", address(Address.getDefaultInstance()), RR,
                        p + ".endpoint.address: a socket address is required"),
                reject("port 0", address(socket("10.0.0.9", 0)), RR,
                        p + ".endpoint.address.socket_address.port_value: must be between 1 and 65535: 0"),
                reject("hostname", address(socket("db.internal", 80)), RR,
                        p + ".endpoint.address.socket_address.address: not an IP address: \"db.internal\""),
                reject("named port", address(Address.newBuilder().setSocketAddress(SocketAddress
                        .newBuilder().setAddress("10.0.0.9").setNamedPort("http")).build()), RR,
                        p + ".endpoint.address.socket_address.port_value: a numeric port is required"),
                reject("udp", address(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                        .setAddress("10.0.0.9").setPortValue(53)
                        .setProtocol(SocketAddress.Protocol.UDP)).build()), RR,
                        p + ".endpoint.address.socket_address.protocol: only TCP is supported"),
                reject("endpoint weight 0", b -> {
                    b.getEndpointsBuilder(0).getLbEndpointsBuilder(1)
                            .setLoadBalancingWeight(UInt32Value.of(0));
                    return b;
                }, RR, p + ".load_balancing_weight: must be at least 1"),
                reject("endpoint_name", b -> {
                    b.getEndpointsBuilder(0).getLbEndpointsBuilder(1).setEndpointName("n");
                    return b;
                }, RR, p + ": endpoint_name is not supported"),
                reject("locality listed twice", b -> b.addEndpoints(b.getEndpoints(0)), RR,
                        "ClusterLoadAssignment \"outbound|80||svc\": endpoints[1].locality: locality"
                                + " {region=\"r\", zone=\"a\", sub_zone=\"\"} is listed twice at priority 0"),
                reject("no locality weight under locality-weighted LB", b -> b, weighted,
                        "ClusterLoadAssignment \"outbound|80||svc\": endpoints[0].load_balancing_weight:"
                                + " locality-weighted load balancing is on but no locality of priority 0"
                                + " has a weight, so the priority could never receive traffic"),
                reject("drop overloads", b -> {
                    b.getPolicyBuilder().addDropOverloadsBuilder().setCategory("throttle");
                    return b;
                }, RR, "ClusterLoadAssignment \"outbound|80||svc\": policy.drop_overloads: not supported"),
                reject("priority out of range", b -> {
                    b.getEndpointsBuilder(0).setPriority(129);
                    return b;
                }, RR, "ClusterLoadAssignment \"outbound|80||svc\": endpoints[0].priority: must be at"
                        + " most 128"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsMalformedAssignments(String name, UnaryOperator<ClusterLoadAssignment.Builder> edit,
            LbConfig lb, String message) {
        ClusterLoadAssignment.Builder b = Clas.cla(locality(0, "a", 0, host("10.0.0.1"),
                host("10.0.0.2"))).toBuilder();
        ClusterLoadAssignment cla = edit.apply(b).build();
        assertThatThrownBy(() -> EndpointSet.compile(cla, lb))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsUnweightedLocalityNextToWeightedOnes() {
        LbConfig weighted = new LbConfig(LbConfig.Policy.ROUND_ROBIN, 2, 1, false, 50, true, false);
        EndpointSet set = Clas.set(weighted, locality(0, "a", 1, host("10.0.0.1")),
                locality(0, "b", 0, host("10.0.0.2")));
        assertThat(set.priorities().get(0).localities()).extracting(LocalityEndpoints::weight)
                .containsExactly(1, 0);
    }
}
