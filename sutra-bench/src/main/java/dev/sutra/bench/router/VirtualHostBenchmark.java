package dev.sutra.bench.router;

import dev.sutra.bench.mesh.MeshShape;
import dev.sutra.bench.mesh.SyntheticMesh;
import dev.sutra.bench.snapshot.SidecarConfig;
import dev.sutra.proxy.http.HeaderSteps;
import dev.sutra.proxy.router.RequestView;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.router.RouteTable;
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

/**
 * Routing through a sidecar's real outbound route table ({@code http_proxy}) as the control plane
 * translates it for a mesh of {@code services} services: one virtual host per service port, found
 * by Host, then that service's routes (a VirtualService's header match, prefix and weighted split,
 * or a catch-all).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VirtualHostBenchmark {

    @Param({"1000"})
    public int services;

    private RouteTable table;
    private RequestView plain;
    private RequestView routed;
    private RequestView unknownHost;

    @Setup
    public void setUp() {
        MeshShape shape = new MeshShape(services, 10, 2);
        SyntheticMesh mesh = SyntheticMesh.of(shape);
        SidecarConfig sidecar = SidecarConfig.of(mesh, mesh.nodes().get(0));
        table = sidecar.config().routesOf(sidecar.outbound());
        // The last service, without a VirtualService, by its full name; the last routed one by
        // its short cross-namespace name, as a client in another namespace calls it.
        plain = request(shape.hostname(services - 1) + ":8080", "/items/1");
        int routedService = (services - 1) / MeshShape.ROUTED_EVERY * MeshShape.ROUTED_EVERY;
        routed = request(MeshShape.serviceName(routedService) + "." + shape.namespace(routedService) + ":8080",
                "/api/items/1");
        unknownHost = request("nowhere.example.com", "/");
        if (table.route(plain, 0) == null || table.route(routed, 0) == null || table.route(unknownHost, 0) != null) {
            throw new IllegalStateException("the sidecar's route table does not route as the benchmark expects");
        }
    }

    @Benchmark
    public Route catchAllService() {
        return table.route(plain, 0);
    }

    @Benchmark
    public Route virtualServiceRoutes() {
        return table.route(routed, 0);
    }

    @Benchmark
    public Route unknownHost() {
        return table.route(unknownHost, 0);
    }

    private static RequestView request(String host, String path) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        head.headers().set("host", host).set("user-agent", "bench/1.0").set("accept", "*/*");
        return HeaderSteps.view(head, "http");
    }
}
