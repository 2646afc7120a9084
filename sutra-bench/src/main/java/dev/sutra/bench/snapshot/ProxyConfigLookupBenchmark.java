package dev.sutra.bench.snapshot;

import dev.sutra.bench.mesh.MeshShape;
import dev.sutra.bench.mesh.SyntheticMesh;
import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.http.HeaderSteps;
import dev.sutra.proxy.router.ClusterAction;
import dev.sutra.proxy.router.DirectResponseAction;
import dev.sutra.proxy.router.RedirectAction;
import dev.sutra.proxy.router.RequestView;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.router.RouteTable;
import dev.sutra.proxy.router.WeightedClustersAction;
import dev.sutra.proxy.runtime.WorkerState;
import dev.sutra.proxy.runtime.Workers;
import dev.sutra.xds.ResourceNames;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The lookups a request makes in the proxy's published {@link ProxyConfig}, in the order
 * {@code ProxiedRequest} makes them: the listener's chain, its route table, the route, the
 * cluster by name, the worker's load balancer for it (built once per cluster version, then found
 * by name), and the pick. The configuration is a sidecar's for a mesh of {@code services}
 * services, translated by the control plane and compiled by the proxy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProxyConfigLookupBenchmark {

    @Param({"1000"})
    public int services;

    private volatile ProxyConfig published;
    private DefaultEventLoop loop;
    private WorkerState worker;
    private RequestView plain;
    private RequestView routed;

    @Setup
    public void setUp() {
        MeshShape shape = new MeshShape(services, 10, 2 * services);
        SyntheticMesh mesh = SyntheticMesh.of(shape);
        published = SidecarConfig.of(mesh, mesh.nodes().get(0)).config();
        loop = new DefaultEventLoop();
        worker = Workers.create(loop, 42);
        plain = request(shape.hostname(services - 1) + ":8080", "/items/1");
        int routedService = (services - 1) / MeshShape.ROUTED_EVERY * MeshShape.ROUTED_EVERY;
        routed = request(shape.hostname(routedService) + ":8080", "/api/items/1");
        if (route(plain) == null || route(routed) == null) {
            throw new IllegalStateException("the sidecar's config does not route as the benchmark expects");
        }
    }

    @TearDown
    public void tearDown() {
        loop.shutdownGracefully();
    }

    @Benchmark
    public Endpoint catchAllService() {
        return route(plain);
    }

    @Benchmark
    public Endpoint weightedSubsets() {
        return route(routed);
    }

    private Endpoint route(RequestView request) {
        ProxyConfig config = published;
        var listener = config.listeners().get(ResourceNames.OUTBOUND_LISTENER);
        ListenerChain.Http chain = (ListenerChain.Http) listener.plaintextChain().chain();
        RouteTable table = config.routesOf(chain);
        long random = worker.nextRandom();
        Route route = table.route(request, random);
        if (route == null) {
            return null;
        }
        String cluster = switch (route.action()) {
            case ClusterAction c -> c.cluster();
            case WeightedClustersAction w -> w.pick(request, random).name();
            case DirectResponseAction d -> null;
            case RedirectAction r -> null;
        };
        CompiledCluster compiled = cluster == null ? null : config.clusters().get(cluster);
        LoadBalancer balancer = compiled == null ? null : worker.balancer(compiled);
        return balancer == null ? null : balancer.pick();
    }

    private static RequestView request(String host, String path) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        head.headers().set("host", host).set("user-agent", "bench/1.0").set("accept", "*/*");
        return HeaderSteps.view(head, "http");
    }
}
