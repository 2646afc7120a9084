package dev.sutra.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidConfigExceptionTest {

    @Test
    void namesResourceFieldAndReason() {
        InvalidConfigException e = new InvalidConfigException("RouteConfiguration", "http_proxy",
                "virtual_hosts[2].routes[0].match", "unsupported path specifier path_match_policy");
        assertThat(e).hasMessage("RouteConfiguration \"http_proxy\": virtual_hosts[2].routes[0]"
                + ".match: unsupported path specifier path_match_policy");
        assertThat(e.reason()).isEqualTo("unsupported path specifier path_match_policy");
    }

    @Test
    void omitsAnEmptyFieldPath() {
        assertThat(new InvalidConfigException("Cluster", "c", "", "bad"))
                .hasMessage("Cluster \"c\": bad");
    }
}
