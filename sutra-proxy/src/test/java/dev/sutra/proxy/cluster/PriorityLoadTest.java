package dev.sutra.proxy.cluster;

import static dev.sutra.proxy.cluster.Clas.hosts;
import static dev.sutra.proxy.cluster.Clas.locality;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.DEGRADED;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.DRAINING;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.HEALTHY;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriorityLoadTest {
    private static final LbConfig RR = LbConfig.defaults(LbConfig.Policy.ROUND_ROBIN);
    private static final LbConfig NO_PANIC =
            new LbConfig(LbConfig.Policy.ROUND_ROBIN, 2, 1, false, 0, false, false);

    private static LbEndpoint[] mix(int healthy, int unhealthy) {
        LbEndpoint[] h = hosts(1, healthy, HEALTHY);
        LbEndpoint[] u = hosts(100, 99 + unhealthy, UNHEALTHY);
        LbEndpoint[] out = new LbEndpoint[healthy + unhealthy];
        System.arraycopy(h, 0, out, 0, healthy);
        System.arraycopy(u, 0, out, healthy, unhealthy);
        return out;
    }

    private static Arguments c(String name, LbConfig lb, int factor, int[] healthy, int[] degraded,
            boolean[] panic, LocalityLbEndpoints... groups) {
        ClusterLoadAssignment.Builder b = Clas.cla(groups).toBuilder();
        if (factor != 140) {
            b.getPolicyBuilder().setOverprovisioningFactor(UInt32Value.of(factor));
        }
        return Arguments.of(name, Clas.compile(b.build(), lb), lb, healthy, degraded, panic);
    }

    static Stream<Arguments> cases() {
        boolean[] none = {false, false};
        return Stream.of(
                c("all healthy in P0", RR, 140, new int[] {100, 0}, new int[] {0, 0}, none,
                        locality(0, "a", 0, mix(4, 0)), locality(1, "b", 0, mix(4, 0))),
                c("overprovisioning hides small losses", RR, 140, new int[] {100, 0},
                        new int[] {0, 0}, none,
                        locality(0, "a", 0, mix(3, 1)), locality(1, "b", 0, mix(4, 0))),
                c("half healthy spills 30% over", RR, 140, new int[] {70, 30}, new int[] {0, 0},
                        none, locality(0, "a", 0, mix(2, 2)), locality(1, "b", 0, mix(4, 0))),
                c("overprovisioning factor 100", RR, 100, new int[] {75, 25}, new int[] {0, 0},
                        none, locality(0, "a", 0, mix(3, 1)), locality(1, "b", 0, mix(4, 0))),
                c("P0 down fails over", RR, 140, new int[] {0, 100}, new int[] {0, 0}, none,
                        locality(0, "a", 0, mix(0, 4)), locality(1, "b", 0, mix(4, 0))),
                c("degraded takes what healthy cannot", RR, 140, new int[] {70}, new int[] {30},
                        new boolean[] {false},
                        locality(0, "a", 0, Clas.host("10.0.0.1", HEALTHY),
                                Clas.host("10.0.0.2", DEGRADED))),
                c("draining hosts do not count", RR, 140, new int[] {100}, new int[] {0},
                        new boolean[] {false},
                        locality(0, "a", 0, Clas.host("10.0.0.1", HEALTHY),
                                Clas.host("10.0.0.2", DRAINING), Clas.host("10.0.0.3", DRAINING))),
                c("every level under the threshold is total panic", RR, 140,
                        new int[] {50, 50}, new int[] {0, 0}, new boolean[] {true, true},
                        locality(0, "a", 0, mix(1, 3)), locality(1, "b", 0, mix(1, 3))),
                c("no panic while total availability is 100", RR, 140, new int[] {35, 65},
                        new int[] {0, 0}, none,
                        locality(0, "a", 0, mix(1, 3)), locality(1, "b", 0, mix(2, 2))),
                c("scaled up when total availability is short", RR, 140, new int[] {100, 0},
                        new int[] {0, 0}, new boolean[] {false, true},
                        locality(0, "a", 0, mix(3, 2)), locality(1, "b", 0)),
                c("a level under the threshold panics alone", RR, 140, new int[] {0, 100},
                        new int[] {0, 0}, new boolean[] {true, false},
                        locality(0, "a", 0, mix(0, 4)), locality(1, "b", 0, mix(3, 2))),
                c("total panic loads by host count", RR, 140, new int[] {25, 75}, new int[] {0, 0},
                        new boolean[] {true, true},
                        locality(0, "a", 0, mix(0, 2)), locality(1, "b", 0, mix(0, 6))),
                c("panic disabled and nothing healthy", NO_PANIC, 140, new int[] {100, 0},
                        new int[] {0, 0}, none,
                        locality(0, "a", 0, mix(0, 2)), locality(1, "b", 0, mix(0, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computesPriorityLoadLikeEnvoy(String name, EndpointSet set, LbConfig lb, int[] healthy,
            int[] degraded, boolean[] panic) {
        PriorityState s = PriorityState.compute(set, HealthOverlay.NONE, lb);
        assertThat(s.healthyLoad).containsExactly(healthy);
        assertThat(s.degradedLoad).containsExactly(degraded);
        assertThat(s.panic).containsExactly(panic);
    }
}
