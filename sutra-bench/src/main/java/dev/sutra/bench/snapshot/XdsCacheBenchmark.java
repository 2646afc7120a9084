package dev.sutra.bench.snapshot;

import dev.sutra.controlplane.xds.XdsCache;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The control plane's xDS cache ({@link XdsCache}) with {@code proxies} sidecars of a mesh of
 * {@code services} services ({@link CacheFixture}):
 * <ul>
 *   <li>{@link #ackRequest}: one ACK arriving: the stream's node and the proxy's state found, the
 *       version seen to be the one sent, a watch left;</li>
 *   <li>{@link #push}: a push after one service's endpoints changed: every proxy's resources
 *       recomputed and its waiting EDS watch answered (responses built; gRPC's serialization is
 *       not part of it).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
public class XdsCacheBenchmark {

    /** A cache for ACKs. */
    @State(Scope.Thread)
    public static class Acks {
        @Param({"1000"})
        public int services;

        @Param({"100"})
        public int proxies;

        CacheFixture fixture;
        DiscoveryRequest ack;

        @Setup
        public void setUp() {
            fixture = new CacheFixture(services, proxies);
            ack = CacheFixture.ack(fixture.heldEds(0));
        }

        @TearDown
        public void tearDown() {
            fixture.close();
        }
    }

    /** A cache whose proxies wait for EDS before every push. */
    @State(Scope.Thread)
    public static class Pushes {
        @Param({"1000"})
        public int services;

        @Param({"100"})
        public int proxies;

        CacheFixture fixture;

        @Setup
        public void setUp() {
            fixture = new CacheFixture(services, proxies);
        }

        @Setup(Level.Invocation)
        public void armWatches() {
            fixture.armEdsWatches();
        }

        @TearDown
        public void tearDown() {
            fixture.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object ackRequest(Acks state) {
        return state.fixture.request(0, state.ack);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int push(Pushes state) {
        return state.fixture.pushOther();
    }
}
