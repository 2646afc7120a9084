package dev.sutra.bench.http;

import dev.sutra.bench.mesh.MeshShape;
import dev.sutra.bench.mesh.SyntheticMesh;
import dev.sutra.bench.snapshot.SidecarConfig;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.http.HeaderSteps;
import dev.sutra.proxy.router.ClusterWeight;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.router.WeightedClustersAction;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The proxy's header work on a typical HTTP/1.1 request and its response, with the proxy's own
 * steps: limits and target checks, then the upstream request's headers (hop-by-hop removal, a
 * generated {@code x-request-id}, {@code x-forwarded-proto}, the route's {@code set} mutation from
 * its VirtualService) on the way out; hop-by-hop removal and framing on the way back. The request
 * is absolute-form, as an {@code HTTP_PROXY} client sends it, with 11 headers. The steps change the
 * request in place, so each operation starts from a fresh copy; {@link #copyOnly} measures that
 * copy alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderHandlingBenchmark {

    private HttpHeaders requestHeaders;
    private String target;
    private HttpResponse upstreamResponse;
    private ListenerChain.Http chain;
    private Route route;
    private ClusterWeight weighted;
    private WeightedClustersAction action;

    @Setup
    public void setUp() {
        MeshShape shape = new MeshShape(100, 10, 2);
        SyntheticMesh mesh = SyntheticMesh.of(shape);
        SidecarConfig sidecar = SidecarConfig.of(mesh, mesh.nodes().get(0));
        chain = sidecar.outbound();
        String authority = MeshShape.serviceName(5) + "." + shape.namespace(5) + ":8080";
        target = "http://" + authority + "/api/v1/products/123?currency=EUR";
        requestHeaders = new DefaultHttpHeaders()
                .set("host", authority)
                .set("user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0")
                .set("accept", "application/json, text/plain, */*")
                .set("accept-encoding", "gzip, deflate, br")
                .set("accept-language", "en-GB,en;q=0.9")
                .set("connection", "keep-alive")
                .set("cookie", "session=0123456789abcdef; theme=dark")
                .set("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature")
                .set("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7")
                .set("x-b3-spanid", "e457b5a2e4d86bd1")
                .set("x-b3-sampled", "1");
        HttpRequest probe = request();
        if (!HeaderSteps.admit(probe)) {
            throw new IllegalStateException("the proxy refuses the benchmark's request");
        }
        route = sidecar.config().routesOf(chain).route(HeaderSteps.view(probe, "http"), 0);
        if (route == null || !(route.action() instanceof WeightedClustersAction w)) {
            throw new IllegalStateException("expected the VirtualService's weighted route, got " + route);
        }
        action = w;
        weighted = w.pick(0);
        upstreamResponse = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        upstreamResponse.headers()
                .set("content-type", "application/json")
                .set("content-length", "512")
                .set("date", "Sat, 28 Nov 2026 20:00:00 GMT")
                .set("server", "envoy")
                .set("connection", "keep-alive")
                .set("keep-alive", "timeout=5")
                .set("cache-control", "no-store")
                .set("x-envoy-upstream-service-time", "3");
    }

    private HttpRequest request() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target, requestHeaders.copy());
    }

    @Benchmark
    public HttpRequest copyOnly() {
        return request();
    }

    @Benchmark
    public HttpRequest requestHeaders() {
        HttpRequest head = request();
        if (HeaderSteps.admit(head)) {
            HeaderSteps.prepareUpstream(head, chain, route, weighted, action.forwarding());
        }
        return head;
    }

    @Benchmark
    public HttpResponse responseHeaders() {
        HttpResponse upstream = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                upstreamResponse.headers().copy());
        return HeaderSteps.responseHead(upstream, route, weighted, HttpMethod.GET);
    }
}
