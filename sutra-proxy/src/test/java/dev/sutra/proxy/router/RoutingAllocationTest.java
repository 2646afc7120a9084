package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.proxy.config.Nullable;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class RoutingAllocationTest {

    /** A view whose accessors return constants, as a zero-copy view over headers would. */
    private static final RequestView REQUEST = new RequestView() {
        @Override
        public String authority() {
            return "Reviews.Default.svc.cluster.local:9080";
        }

        @Override
        public String path() {
            return "/reviews/1?user=jason";
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String scheme() {
            return "http";
        }

        @Override
        public @Nullable String header(String name) {
            return name.equals("end-user") ? "jason" : null;
        }
    };

    @Test
    void routesWithoutAllocating() {
        RouteTable table = Configs.table("""
                {"name": "9080", "virtual_hosts": [
                  {"name": "details", "domains": ["details", "details:9080", "*.details.com"]},
                  {"name": "reviews", "domains": ["reviews.default.svc.cluster.local:9080",
                                                  "reviews:9080", "*.reviews.org"],
                   "routes": [
                     {"match": {"prefix": "/reviews", "headers": [{"name": "end-user",
                        "string_match": {"exact": "jason"}}],
                        "query_parameters": [{"name": "user"}]},
                      "route": {"cluster": "reviews-v2"}},
                     {"match": {"prefix": "/"}, "route": {"cluster": "reviews-v1"}}]}]}
                """);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            table.route(REQUEST, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        Route last = null;
        for (int i = 0; i < 100_000; i++) {
            last = table.route(REQUEST, i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(((ClusterAction) last.action()).cluster()).isEqualTo("reviews-v2");
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
