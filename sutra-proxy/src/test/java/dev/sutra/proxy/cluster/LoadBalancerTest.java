package dev.sutra.proxy.cluster;

import static dev.sutra.proxy.cluster.Clas.host;
import static dev.sutra.proxy.cluster.Clas.hosts;
import static dev.sutra.proxy.cluster.Clas.locality;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.DEGRADED;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.DRAINING;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.HEALTHY;
import static io.envoyproxy.envoy.config.core.v3.HealthStatus.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadBalancerTest {
    private static final int PICKS = 100_000;

    private static LbConfig config(LbConfig.Policy policy) {
        return LbConfig.defaults(policy);
    }

    private static LbConfig localityWeighted(LbConfig.Policy policy) {
        return new LbConfig(policy, 2, 1.0, false, 50, true, false);
    }

    private static LbConfig panicThreshold(int percent, boolean failOnPanic) {
        return new LbConfig(LbConfig.Policy.ROUND_ROBIN, 2, 1.0, false, percent, false, failOnPanic);
    }

    private static LoadBalancer lb(LbConfig config, LocalityLbEndpoints... groups) {
        return LoadBalancer.create(config, Clas.set(config, groups), new SplittableRandom(7));
    }

    /** Share of picks per host address (null picks counted as "none"). */
    private static Map<String, Double> shares(LoadBalancer lb, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            Endpoint e = lb.pick();
            counts.merge(e == null ? "none" : e.host(), 1, Integer::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        counts.forEach((k, v) -> shares.put(k, v / (double) picks));
        return shares;
    }

    @Test
    void roundRobinRotatesThroughEqualHosts() {
        LoadBalancer lb = lb(config(LbConfig.Policy.ROUND_ROBIN),
                locality(0, "a", 0, hosts(1, 3, HEALTHY)));
        String first = lb.pick().host();
        String second = lb.pick().host();
        String third = lb.pick().host();
        assertThat(java.util.Set.of(first, second, third)).hasSize(3);
        for (int i = 0; i < 30; i++) {
            assertThat(lb.pick().host()).isEqualTo(i % 3 == 0 ? first : i % 3 == 1 ? second : third);
        }
    }

    @Test
    void roundRobinStartsAtARandomOffset() {
        LbConfig c = config(LbConfig.Policy.ROUND_ROBIN);
        EndpointSet set = Clas.set(c, locality(0, "a", 0, hosts(1, 8, HEALTHY)));
        java.util.Set<String> firsts = new java.util.HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            firsts.add(LoadBalancer.create(c, set, new SplittableRandom(seed)).pick().host());
        }
        assertThat(firsts.size()).isGreaterThan(1);
    }

    @Test
    void roundRobinHonoursWeightsExactlyOverACycle() {
        LoadBalancer lb = lb(config(LbConfig.Policy.ROUND_ROBIN),
                locality(0, "a", 0, host("10.0.0.1", 1), host("10.0.0.2", 2), host("10.0.0.3", 3)));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            counts.merge(lb.pick().host(), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("10.0.0.1", 100).containsEntry("10.0.0.2", 200)
                .containsEntry("10.0.0.3", 300);
    }

    @Test
    void randomSpreadsUniformlyAndIgnoresWeights() {
        LoadBalancer lb = lb(config(LbConfig.Policy.RANDOM),
                locality(0, "a", 0, host("10.0.0.1", 1), host("10.0.0.2", 5), host("10.0.0.3", 1)));
        Map<String, Double> s = shares(lb, PICKS);
        // Standard deviation of each share is about 0.0015; the window is ten of them.
        assertThat(s.get("10.0.0.1")).isCloseTo(1 / 3.0, within(0.015));
        assertThat(s.get("10.0.0.2")).isCloseTo(1 / 3.0, within(0.015));
        assertThat(s.get("10.0.0.3")).isCloseTo(1 / 3.0, within(0.015));
    }

    @Test
    void leastRequestTwoChoicesPrefersTheLessLoadedHost() {
        LoadBalancer lb = lb(config(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 0, hosts(1, 3, HEALTHY)));
        Endpoint busy = lb.endpoints().endpoints().get(0);
        for (int i = 0; i < 5; i++) {
            lb.onStart(busy);
        }
        assertThat(lb.activeRequests(busy)).isEqualTo(5);
        Map<String, Double> s = shares(lb, PICKS);
        // The busy host wins only when both samples land on it: 1/9.
        assertThat(s.get("10.0.0.1")).isCloseTo(1 / 9.0, within(0.015));
        assertThat(s.get("10.0.0.2")).isCloseTo(4 / 9.0, within(0.015));
        for (int i = 0; i < 5; i++) {
            lb.onEnd(busy);
        }
        assertThat(lb.activeRequests(busy)).isZero();
        assertThat(shares(lb, PICKS).get("10.0.0.1")).isCloseTo(1 / 3.0, within(0.015));
    }

    @Test
    void leastRequestWithTwoHostsNeverPicksTheBusyOneWhenSamplesDiffer() {
        LoadBalancer lb = lb(config(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 0, hosts(1, 2, HEALTHY)));
        lb.onStart(lb.endpoints().endpoints().get(1));
        assertThat(shares(lb, PICKS).get("10.0.0.2")).isCloseTo(0.25, within(0.015));
    }

    @Test
    void leastRequestWeightedSchedulingHonoursWeightOverActiveRequests() {
        LoadBalancer lb = lb(config(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 0, host("10.0.0.1", 1), host("10.0.0.2", 3)));
        assertThat(shares(lb, 40_000).get("10.0.0.2")).isCloseTo(0.75, within(0.01));
        // Two requests in flight on the heavy host: 3 / (2 + 1) == 1 / (0 + 1).
        Endpoint heavy = lb.endpoints().endpoints().get(1);
        lb.onStart(heavy);
        lb.onStart(heavy);
        assertThat(shares(lb, 40_000).get("10.0.0.2")).isCloseTo(0.5, within(0.01));
    }

    @Test
    void leastRequestWithExplicitBiasSchedulesEvenEqualWeights() {
        LbConfig c = new LbConfig(LbConfig.Policy.LEAST_REQUEST, 2, 2.0, true, 50, false, false);
        LoadBalancer lb = lb(c, locality(0, "a", 0, hosts(1, 2, HEALTHY)));
        lb.onStart(lb.endpoints().endpoints().get(0));
        // weight 1 / (1 + 1)^2 = 0.25 against 1: a 1:4 split, deterministic under EDF.
        assertThat(shares(lb, 10_000).get("10.0.0.1")).isCloseTo(0.2, within(0.001));
    }

    @Test
    void localityWeightsSplitTraffic() {
        LoadBalancer lb = lb(localityWeighted(LbConfig.Policy.ROUND_ROBIN),
                locality(0, "a", 80, hosts(1, 2, HEALTHY)), locality(0, "b", 20, hosts(3, 4, HEALTHY)));
        Map<String, Double> s = shares(lb, 10_000);
        assertThat(s.get("10.0.0.1") + s.get("10.0.0.2")).isCloseTo(0.8, within(0.001));
        assertThat(s.get("10.0.0.3") + s.get("10.0.0.4")).isCloseTo(0.2, within(0.001));
    }

    @Test
    void localityWithoutWeightGetsNoTraffic() {
        LoadBalancer lb = lb(localityWeighted(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 1, hosts(1, 2, HEALTHY)), locality(0, "b", 0, hosts(3, 4, HEALTHY)));
        Map<String, Double> s = shares(lb, 10_000);
        assertThat(s).containsOnlyKeys("10.0.0.1", "10.0.0.2");
    }

    @Test
    void localityWeightIsScaledByItsHealth() {
        // a: 1 of 4 healthy, 50 * min(1, 1.4 * 0.25) = 17.5; b: 50. a's share is 17.5 / 67.5.
        LocalityLbEndpoints a = locality(0, "a", 50, host("10.0.0.1", HEALTHY),
                host("10.0.0.2", UNHEALTHY), host("10.0.0.3", UNHEALTHY), host("10.0.0.4", UNHEALTHY));
        LoadBalancer lb = lb(localityWeighted(LbConfig.Policy.RANDOM), a,
                locality(0, "b", 50, hosts(5, 8, HEALTHY)), locality(0, "c", 0, hosts(9, 9, HEALTHY)));
        Map<String, Double> s = shares(lb, 27_000);
        assertThat(s.get("10.0.0.1")).isCloseTo(17.5 / 67.5, within(0.002));
    }

    @Test
    void flattensLocalitiesWithoutLocalityWeighting() {
        LoadBalancer lb = lb(config(LbConfig.Policy.ROUND_ROBIN),
                locality(0, "a", 90, hosts(1, 1, HEALTHY)), locality(0, "b", 10, hosts(2, 4, HEALTHY)));
        assertThat(shares(lb, 4000).get("10.0.0.1")).isEqualTo(0.25);
    }

    @ParameterizedTest
    @EnumSource(LbConfig.Policy.class)
    void failsOverToTheNextPriorityWhenP0IsUnhealthy(LbConfig.Policy policy) {
        LoadBalancer lb = lb(config(policy), locality(0, "a", 0, hosts(1, 3, UNHEALTHY)),
                locality(1, "b", 0, hosts(4, 5, HEALTHY)));
        assertThat(shares(lb, 10_000)).containsOnlyKeys("10.0.0.4", "10.0.0.5");
    }

    @Test
    void spillsOverInProportionToP0Health() {
        LoadBalancer lb = lb(config(LbConfig.Policy.RANDOM),
                locality(0, "a", 0, host("10.0.0.1", HEALTHY), host("10.0.0.2", UNHEALTHY)),
                locality(1, "b", 0, hosts(3, 3, HEALTHY)));
        Map<String, Double> s = shares(lb, PICKS);
        assertThat(s.get("10.0.0.1")).isCloseTo(0.70, within(0.015));
        assertThat(s.get("10.0.0.3")).isCloseTo(0.30, within(0.015));
        assertThat(s).doesNotContainKey("10.0.0.2");
    }

    @ParameterizedTest
    @EnumSource(LbConfig.Policy.class)
    void neverPicksUnhealthyHostsAboveThePanicThreshold(LbConfig.Policy policy) {
        LoadBalancer lb = lb(config(policy), locality(0, "a", 0, host("10.0.0.1", UNHEALTHY),
                host("10.0.0.2", DRAINING), host("10.0.0.3", HEALTHY), host("10.0.0.4", HEALTHY)));
        assertThat(shares(lb, 10_000)).containsOnlyKeys("10.0.0.3", "10.0.0.4");
    }

    @Test
    void usesDegradedHostsOnlyForWhatHealthyOnesCannotTake() {
        LoadBalancer lb = lb(config(LbConfig.Policy.RANDOM),
                locality(0, "a", 0, host("10.0.0.1", HEALTHY), host("10.0.0.2", DEGRADED)));
        assertThat(shares(lb, PICKS).get("10.0.0.2")).isCloseTo(0.30, within(0.015));
    }

    @Test
    void panicModeBalancesOverAllHostsOfThePriority() {
        LoadBalancer lb = lb(config(LbConfig.Policy.ROUND_ROBIN),
                locality(0, "a", 0, host("10.0.0.1", HEALTHY), host("10.0.0.2", UNHEALTHY),
                        host("10.0.0.3", UNHEALTHY), host("10.0.0.4", UNHEALTHY)));
        assertThat(shares(lb, 4000)).containsOnlyKeys("10.0.0.1", "10.0.0.2", "10.0.0.3",
                "10.0.0.4");
    }

    @Test
    void panicDisabledKeepsToHealthyHostsAndReturnsNullWithoutThem() {
        LoadBalancer some = lb(panicThreshold(0, false),
                locality(0, "a", 0, host("10.0.0.1", HEALTHY), host("10.0.0.2", UNHEALTHY),
                        host("10.0.0.3", UNHEALTHY), host("10.0.0.4", UNHEALTHY)));
        assertThat(shares(some, 4000)).containsOnlyKeys("10.0.0.1");
        LoadBalancer none = lb(panicThreshold(0, false), locality(0, "a", 0, hosts(1, 2, UNHEALTHY)),
                locality(1, "b", 0, hosts(3, 3, DRAINING)));
        assertThat(none.pick()).isNull();
    }

    @Test
    void failTrafficOnPanicReturnsNull() {
        LoadBalancer lb = lb(panicThreshold(50, true), locality(0, "a", 0, hosts(1, 4, UNHEALTHY)));
        assertThat(lb.pick()).isNull();
    }

    @ParameterizedTest
    @EnumSource(LbConfig.Policy.class)
    void returnsNullWithoutEndpoints(LbConfig.Policy policy) {
        assertThat(lb(config(policy)).pick()).isNull();
        assertThat(lb(config(policy), locality(0, "a", 0)).pick()).isNull();
    }

    @Test
    void refreshAppliesTheHealthOverlayWithoutRecompiling() {
        LoadBalancer lb = lb(config(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 0, hosts(1, 4, HEALTHY)));
        Endpoint ejected = lb.endpoints().endpoints().get(2);
        lb.refresh(e -> e == ejected);
        assertThat(shares(lb, 10_000)).containsOnlyKeys("10.0.0.1", "10.0.0.2", "10.0.0.4");
        lb.refresh(HealthOverlay.NONE);
        assertThat(shares(lb, 10_000)).containsKey("10.0.0.3");
    }

    @Test
    void ignoresActiveRequestUpdatesForForeignEndpoints() {
        LoadBalancer a = lb(config(LbConfig.Policy.LEAST_REQUEST), locality(0, "a", 0, hosts(1, 2, HEALTHY)));
        LoadBalancer b = lb(config(LbConfig.Policy.LEAST_REQUEST), locality(0, "a", 0, hosts(1, 2, HEALTHY)));
        Endpoint foreign = b.endpoints().endpoints().get(0);
        a.onStart(foreign);
        assertThat(a.activeRequests(foreign)).isZero();
        a.onEnd(a.endpoints().endpoints().get(0));
        assertThat(a.activeRequests(a.endpoints().endpoints().get(0))).isZero();
    }

    @Test
    void picksWithoutAllocating() {
        LoadBalancer lb = lb(localityWeighted(LbConfig.Policy.LEAST_REQUEST),
                locality(0, "a", 3, host("10.0.0.1", 1), host("10.0.0.2", 2)),
                locality(0, "b", 1, hosts(3, 4, HEALTHY)));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            lb.pick();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            lb.pick();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
