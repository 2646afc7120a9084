package dev.sutra.bench.router;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.http.HeaderSteps;
import dev.sutra.proxy.router.RequestView;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.router.RouteTable;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
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
 * Route matching in one virtual host of {@value #ROUTES} routes, compiled by the proxy's
 * {@link RouteTable#compile} as it compiles RDS: a quarter each of path prefixes, exact paths,
 * RE2 regexes ({@code safe_regex}, re2j) and prefix-plus-header matches, in that rotation. Envoy
 * takes the first route that matches, so the first route is the best case, the last the worst hit,
 * and a miss (404 NR) tries them all. The request is a Netty request head read through the proxy's
 * own {@link RequestView}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteMatchBenchmark {

    static final int ROUTES = 1000;

    private RouteTable table;
    private RequestView first;
    private RequestView last;
    private RequestView miss;

    @Setup
    public void setUp() throws InvalidConfigException {
        table = RouteTable.compile(routeConfiguration(ROUTES));
        first = request("/p0/items?page=2", "t-none");
        last = request("/h/items", "t" + (ROUTES - 1));
        miss = request("/nowhere/items", "t-none");
        if (cluster(first) != 0 || cluster(last) != ROUTES - 1 || table.route(miss, 0) != null) {
            throw new IllegalStateException("the route table does not match as the benchmark expects");
        }
    }

    @Benchmark
    public Route firstRouteHit() {
        return table.route(first, 0);
    }

    @Benchmark
    public Route lastRouteHit() {
        return table.route(last, 0);
    }

    @Benchmark
    public Route miss() {
        return table.route(miss, 0);
    }

    private int cluster(RequestView request) {
        Route route = table.route(request, 0);
        if (route == null || !(route.action() instanceof dev.sutra.proxy.router.ClusterAction c)) {
            return -1;
        }
        return Integer.parseInt(c.cluster().substring(c.cluster().lastIndexOf('-') + 1));
    }

    private static RequestView request(String path, String tenant) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        head.headers().set("host", "api.example.com")
                .set("user-agent", "bench/1.0")
                .set("accept", "application/json")
                .set("x-tenant", tenant);
        return HeaderSteps.view(head, "http");
    }

    /** One virtual host with {@code n} routes of the four kinds in rotation, route i to cluster-i. */
    static RouteConfiguration routeConfiguration(int n) {
        VirtualHost.Builder vhost = VirtualHost.newBuilder().setName("api").addDomains("api.example.com");
        for (int i = 0; i < n; i++) {
            RouteMatch.Builder match = RouteMatch.newBuilder();
            switch (i % 4) {
                case 0 -> match.setPrefix("/p" + i + "/");
                case 1 -> match.setPath("/exact/" + i);
                case 2 -> match.setSafeRegex(RegexMatcher.newBuilder().setRegex("/re/" + i + "/[0-9]+"));
                default -> match.setPrefix("/h/").addHeaders(HeaderMatcher.newBuilder().setName("x-tenant")
                        .setStringMatch(StringMatcher.newBuilder().setExact("t" + i)));
            }
            vhost.addRoutes(io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
                    .setName("route-" + i)
                    .setMatch(match)
                    .setRoute(RouteAction.newBuilder().setCluster("cluster-" + i)));
        }
        return RouteConfiguration.newBuilder().setName("bench").addVirtualHosts(vhost).build();
    }
}
