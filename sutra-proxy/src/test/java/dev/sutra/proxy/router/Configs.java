package dev.sutra.proxy.router;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

/** Route configurations written as xDS JSON, the way they appear in config dumps. */
final class Configs {
    private Configs() {
    }

    static RouteConfiguration parse(String json) {
        RouteConfiguration.Builder b = RouteConfiguration.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return b.build();
    }

    static RouteTable table(String json) {
        try {
            return RouteTable.compile(parse(json));
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** One virtual host for every domain with the given routes (a JSON array body). */
    static RouteTable routes(String routesJson) {
        return table("""
                {"name": "test", "virtual_hosts": [
                  {"name": "vh", "domains": ["*"], "routes": [%s]}]}
                """.formatted(routesJson));
    }

    /** A route to {@code cluster} with the given match (a JSON object body). */
    static String route(String matchJson, String cluster) {
        return """
                {"match": {%s}, "route": {"cluster": "%s"}}""".formatted(matchJson, cluster);
    }

    static String clusterOf(RouteTable table, TestRequest request) {
        Route r = table.route(request, 0);
        if (r == null) {
            return "<none>";
        }
        return switch (r.action()) {
            case ClusterAction c -> c.cluster();
            case WeightedClustersAction w -> w.pick(0).name();
            case DirectResponseAction d -> "<direct " + d.status() + ">";
            case RedirectAction d -> "<redirect " + d.status() + ">";
        };
    }
}
