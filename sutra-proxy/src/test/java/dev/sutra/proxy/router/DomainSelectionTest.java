package dev.sutra.proxy.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DomainSelectionTest {
    private static final RouteTable TABLE = Configs.table("""
            {"name": "domains", "virtual_hosts": [
              {"name": "exact", "domains": ["www.foo.com", "Mixed.Case.com", "reviews:9080",
                                            "[::1]:80", "10.0.0.1"]},
              {"name": "suffix-short", "domains": ["*.foo.com"]},
              {"name": "suffix-long", "domains": ["*-bar.foo.com", "*.api.foo.com"]},
              {"name": "prefix-short", "domains": ["foo.*"]},
              {"name": "prefix-long", "domains": ["foo.bar.*"]},
              {"name": "port-wildcard", "domains": ["ratings:*"]},
              {"name": "default", "domains": ["*"]}
            ]}
            """);

    private static final RouteTable NO_DEFAULT = Configs.table("""
            {"name": "no-default", "virtual_hosts": [
              {"name": "exact", "domains": ["a.com"]}]}
            """);

    private static final RouteTable IGNORE_PORT = Configs.table("""
            {"name": "ignore-port", "ignore_port_in_host_matching": true, "virtual_hosts": [
              {"name": "exact", "domains": ["a.com", "[::1]"]},
              {"name": "with-port", "domains": ["b.com:8080"]},
              {"name": "suffix", "domains": ["*.c.com"]}]}
            """);

    private static final RouteTable ONLY_DEFAULT = Configs.table("""
            {"name": "only-default", "virtual_hosts": [{"name": "any", "domains": ["*"]}]}
            """);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("exact match", TABLE, "www.foo.com", "exact"),
                Arguments.of("exact beats suffix wildcard", TABLE, "www.foo.com", "exact"),
                Arguments.of("host is case-insensitive", TABLE, "WWW.FOO.COM", "exact"),
                Arguments.of("domain is case-insensitive", TABLE, "mixed.case.COM", "exact"),
                Arguments.of("suffix wildcard", TABLE, "a.foo.com", "suffix-short"),
                Arguments.of("longest suffix wins", TABLE, "baz-bar.foo.com", "suffix-long"),
                Arguments.of("longest suffix wins over shorter", TABLE, "x.api.foo.com",
                        "suffix-long"),
                Arguments.of("wildcard needs at least one char", TABLE, "-bar.foo.com",
                        "suffix-short"),
                Arguments.of("suffix wildcard does not match bare suffix", TABLE, ".foo.com",
                        "default"),
                Arguments.of("suffix beats prefix", TABLE, "foo.foo.com", "suffix-short"),
                Arguments.of("prefix wildcard", TABLE, "foo.org", "prefix-short"),
                Arguments.of("longest prefix wins", TABLE, "foo.bar.org", "prefix-long"),
                Arguments.of("fallback to *", TABLE, "unknown.org", "default"),
                Arguments.of("port is part of the host", TABLE, "reviews:9080", "exact"),
                Arguments.of("no retry without port", TABLE, "www.foo.com:80", "default"),
                Arguments.of("suffix wildcard sees the port", TABLE, "a.foo.com:80", "default"),
                Arguments.of("prefix wildcard sees the port", TABLE, "foo.com:80", "prefix-short"),
                Arguments.of("port wildcard", TABLE, "ratings:9080", "port-wildcard"),
                Arguments.of("ipv6 with port", TABLE, "[::1]:80", "exact"),
                Arguments.of("ipv4", TABLE, "10.0.0.1", "exact"),
                Arguments.of("no default gives no vhost", NO_DEFAULT, "b.com", null),
                Arguments.of("missing authority gives no vhost", NO_DEFAULT, null, null),
                Arguments.of("only * matches a missing authority", ONLY_DEFAULT, null, "any"),
                Arguments.of("ignore_port strips the request port", IGNORE_PORT, "a.com:443",
                        "exact"),
                Arguments.of("ignore_port keeps portless hosts", IGNORE_PORT, "a.com", "exact"),
                Arguments.of("ignore_port never strips domain ports", IGNORE_PORT, "b.com:8080",
                        null),
                Arguments.of("ignore_port with suffix", IGNORE_PORT, "x.c.com:1", "suffix"),
                Arguments.of("ignore_port ipv6 brackets", IGNORE_PORT, "[::1]:9", "exact"),
                Arguments.of("ignore_port ipv6 without port", IGNORE_PORT, "[::1]", "exact"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selectsVirtualHostLikeEnvoy(String name, RouteTable table, String authority,
            String expected) {
        assertThat(table.virtualHost(authority)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("portStarts")
    void findsPortStartLikeEnvoy(String host, int expected) {
        assertThat(DomainIndex.portStart(host)).isEqualTo(expected);
    }

    static Stream<Arguments> portStarts() {
        return Stream.of(Arguments.of("a.com", -1), Arguments.of("a.com:80", 5),
                Arguments.of("[::1]", -1), Arguments.of("[::1]:80", 5), Arguments.of("a:", 1));
    }
}
