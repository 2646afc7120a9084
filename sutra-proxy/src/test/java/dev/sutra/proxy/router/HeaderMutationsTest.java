package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMutationsTest {

    /** Headers as an ordered list of name=value, enough to see order and duplicates. */
    static final class FakeHeaders implements MutableHeaders {
        final List<String> entries = new ArrayList<>();

        FakeHeaders(String... initial) {
            entries.addAll(List.of(initial));
        }

        @Override
        public boolean contains(String name) {
            return entries.stream().anyMatch(e -> e.startsWith(name + "="));
        }

        @Override
        public void add(String name, String value) {
            entries.add(name + "=" + value);
        }

        @Override
        public void remove(String name) {
            entries.removeIf(e -> e.startsWith(name + "="));
        }
    }

    private static final String LEVELS = """
            "request_headers_to_add": [{"header": {"key": "x-level", "value": "config"}}],
            "response_headers_to_add": [{"header": {"key": "x-resp", "value": "config"}}],
            "virtual_hosts": [{"name": "vh", "domains": ["*"],
              "request_headers_to_add": [{"header": {"key": "x-level", "value": "vhost"}}],
              "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "c"},
                "request_headers_to_add": [{"header": {"key": "x-level", "value": "route"}}],
                "response_headers_to_add": [{"header": {"key": "x-resp", "value": "route"},
                                             "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}]}]}]
            """;

    @Test
    void appliesRouteLevelFirstByDefault() {
        Route r = Configs.table("{\"name\": \"h\", " + LEVELS + "}").route(TestRequest.path("/"), 0);
        FakeHeaders h = new FakeHeaders();
        r.requestHeaders().apply(h);
        assertThat(h.entries).containsExactly("x-level=route", "x-level=vhost", "x-level=config");
        FakeHeaders resp = new FakeHeaders("x-resp=upstream");
        r.responseHeaders().apply(resp);
        // The route overwrites first, then the configuration level appends.
        assertThat(resp.entries).containsExactly("x-resp=route", "x-resp=config");
    }

    @Test
    void appliesRouteLevelLastWhenMostSpecificWins() {
        Route r = Configs.table("{\"name\": \"h\", \"most_specific_header_mutations_wins\": true, "
                + LEVELS + "}").route(TestRequest.path("/"), 0);
        FakeHeaders h = new FakeHeaders();
        r.requestHeaders().apply(h);
        assertThat(h.entries).containsExactly("x-level=config", "x-level=vhost", "x-level=route");
        FakeHeaders resp = new FakeHeaders("x-resp=upstream");
        r.responseHeaders().apply(resp);
        assertThat(resp.entries).containsExactly("x-resp=route");
    }

    @Test
    void honoursAppendActionsAndRemovals() {
        Route r = Configs.routes("""
                {"match": {"prefix": "/"}, "route": {"cluster": "c"},
                 "request_headers_to_remove": ["X-Gone"],
                 "request_headers_to_add": [
                   {"header": {"key": "x-add", "value": "1"}},
                   {"header": {"key": "x-absent", "value": "new"}, "append_action": "ADD_IF_ABSENT"},
                   {"header": {"key": "x-present", "value": "kept-out"}, "append_action": "ADD_IF_ABSENT"},
                   {"header": {"key": "x-over", "value": "a"}, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"},
                   {"header": {"key": "x-over", "value": "b"}, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"},
                   {"header": {"key": "x-if", "value": "no"}, "append_action": "OVERWRITE_IF_EXISTS"},
                   {"header": {"key": "x-legacy", "value": "set"}, "append": false},
                   {"header": {"key": "x-empty", "value": ""}},
                   {"header": {"key": "x-kept-empty", "value": ""}, "keep_empty_value": true},
                   {"header": {"key": "x-pct", "value": "100%%"}}]}
                """).route(TestRequest.path("/"), 0);
        FakeHeaders h = new FakeHeaders("x-gone=1", "x-present=old", "x-over=old", "x-legacy=old");
        r.requestHeaders().apply(h);
        assertThat(h.entries).containsExactly("x-present=old", "x-add=1", "x-absent=new",
                "x-kept-empty=", "x-pct=100%", "x-over=a", "x-over=b", "x-legacy=set");
    }

    @Test
    void keepsMostSpecificPerFilterConfig() {
        RouteConfiguration.Builder b = Configs.parse("""
                {"name": "f", "virtual_hosts": [{"name": "vh", "domains": ["*"],
                  "routes": [{"match": {"prefix": "/"}, "route": {"cluster": "c"}}]}]}
                """).toBuilder();
        b.putTypedPerFilterConfig("a", any("config-a"));
        b.putTypedPerFilterConfig("b", any("config-b"));
        b.getVirtualHostsBuilder(0).putTypedPerFilterConfig("b", any("vhost-b"));
        b.getVirtualHostsBuilder(0).getRoutesBuilder(0).putTypedPerFilterConfig("c", any("route-c"));
        b.getVirtualHostsBuilder(0).getRoutesBuilder(0).putTypedPerFilterConfig("a", any("route-a"));
        Route r;
        try {
            r = RouteTable.compile(b.build()).route(TestRequest.path("/"), 0);
        } catch (dev.sutra.proxy.config.InvalidConfigException e) {
            throw new AssertionError(e);
        }
        assertThat(r.perFilterConfig()).isEqualTo(Map.of("a", any("route-a"), "b", any("vhost-b"),
                "c", any("route-c")));
    }

    private static Any any(String s) {
        return Any.pack(StringValue.of(s));
    }
}
