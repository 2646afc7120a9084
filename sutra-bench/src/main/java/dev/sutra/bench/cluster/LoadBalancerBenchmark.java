package dev.sutra.bench.cluster;

import com.google.protobuf.UInt32Value;
import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.EndpointSet;
import dev.sutra.proxy.cluster.LbConfig;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One load-balancing decision per request as a worker makes it: {@link LoadBalancer#pick}, then
 * {@code onStart} and {@code onEnd} around the (absent) request. The cluster and its endpoints are
 * compiled by the proxy from xDS ({@link LbConfig#compile}, {@link EndpointSet#compile}), with
 * locality-weighted balancing over three zones as Istio configures sidecars. Weighted endpoints
 * (weights 1 to 3) move round robin and least request onto their EDF schedules. The proxy has no
 * ring hash or maglev balancer (it refuses them), so there is none to measure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoadBalancerBenchmark {

    @Param({"ROUND_ROBIN", "LEAST_REQUEST", "RANDOM"})
    public Cluster.LbPolicy policy;

    @Param({"3", "100"})
    public int endpoints;

    @Param({"false", "true"})
    public boolean weighted;

    private LoadBalancer balancer;

    @Setup
    public void setUp() throws InvalidConfigException {
        Cluster.Builder cluster = Cluster.newBuilder().setName("outbound|8080||bench").setLbPolicy(policy);
        cluster.getCommonLbConfigBuilder().setLocalityWeightedLbConfig(
                Cluster.CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
        LbConfig config = LbConfig.compile(cluster.build());
        EndpointSet set = EndpointSet.compile(assignment(cluster.getName(), endpoints, weighted), config);
        balancer = LoadBalancer.create(config, set, new SplittableRandom(42));
    }

    @Benchmark
    public Endpoint pick() {
        Endpoint e = balancer.pick();
        balancer.onStart(e);
        balancer.onEnd(e);
        return e;
    }

    static ClusterLoadAssignment assignment(String name, int count, boolean weighted) {
        ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(name);
        for (int zone = 0; zone < 3; zone++) {
            LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
                    .setLocality(Locality.newBuilder().setRegion("region-1").setZone("zone-" + zone));
            int weightSum = 0;
            for (int i = zone; i < count; i += 3) {
                int weight = weighted ? 1 + i % 3 : 1;
                weightSum += weight;
                locality.addLbEndpoints(LbEndpoint.newBuilder()
                        .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                                        .setAddress("10.0." + (i / 250) + "." + (1 + i % 250))
                                        .setPortValue(15006))))
                        .setLoadBalancingWeight(UInt32Value.of(weight)));
            }
            if (weightSum > 0) {
                cla.addEndpoints(locality.setLoadBalancingWeight(UInt32Value.of(weightSum)));
            }
        }
        return cla.build();
    }
}
