package dev.sutra.xds.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher.SanType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Istio's untyped {@code subjectAltNames} become Envoy's typed SAN matchers, the type read off the name. */
class TlsOriginationTest {

    @ParameterizedTest(name = "{0} is a {1} SAN")
    @CsvSource({
        "spiffe://cluster.local/ns/default/sa/reviews, URI",
        "https://issuer.example.com/workload, URI",
        "10.0.0.1, IP_ADDRESS",
        "2001:db8::1, IP_ADDRESS",
        "::1, IP_ADDRESS",
        "api.example.com, DNS",
        "*.example.com, DNS",
        "localhost, DNS"
    })
    void typesEachNameByItsForm(String name, SanType type) {
        List<SubjectAltNameMatcher> matchers = TlsOrigination.subjectAltNames(List.of(name));

        assertThat(matchers).singleElement().satisfies(m -> {
            assertThat(m.getSanType()).isEqualTo(type);
            assertThat(m.getMatcher().getExact()).isEqualTo(name);
        });
    }
}
