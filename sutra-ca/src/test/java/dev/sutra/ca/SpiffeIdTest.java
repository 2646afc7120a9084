package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpiffeIdTest {

    @Test
    void parsesAndFormatsTheSutraForm() {
        SpiffeId id = SpiffeId.parse("spiffe://example.org/ns/bookinfo/sa/reviews-v2");

        assertThat(id).isEqualTo(new SpiffeId("example.org", "bookinfo", "reviews-v2"));
        assertThat(id.uri()).isEqualTo("spiffe://example.org/ns/bookinfo/sa/reviews-v2");
        assertThat(id).hasToString(id.uri());
        assertThat(SpiffeId.parse(id.uri())).isEqualTo(id);
    }

    @Test
    void defaultTrustDomainIsClusterLocal() {
        assertThat(SpiffeId.of("default", "sleep").uri()).isEqualTo("spiffe://cluster.local/ns/default/sa/sleep");
    }

    @Test
    void pathSegmentsMayUseUpperCaseDotsDashesAndUnderscores() {
        assertThat(SpiffeId.parse("spiffe://td_1.example-2/ns/My.Ns_1/sa/Sa-2").serviceAccount()).isEqualTo("Sa-2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://cluster.local/ns/a/sa/b            | scheme is not "spiffe://"
            SPIFFE://cluster.local/ns/a/sa/b          | scheme is not "spiffe://"
            spiffe://Cluster.local/ns/a/sa/b          | trust domain "Cluster.local" has character 'C', trust domains are lower-case
            spiffe://cluster.local:8080/ns/a/sa/b     | has character ':', a port is not allowed
            spiffe://user@cluster.local/ns/a/sa/b     | has character '@', user info is not allowed
            spiffe:///ns/a/sa/b                       | trust domain is empty
            spiffe://cluster.local                    | no path
            spiffe://cluster.local/ns/a/sa/b/         | ends with '/'
            spiffe://cluster.local/ns//sa/b           | segment is empty
            spiffe://cluster.local/ns/../sa/b         | segment ".." is not allowed
            spiffe://cluster.local/ns/./sa/b          | segment "." is not allowed
            spiffe://cluster.local/ns/a%20b/sa/b      | has character '%'
            spiffe://cluster.local/ns/a/sa/b?x=1      | query and fragment are not allowed
            spiffe://cluster.local/ns/a/sa/b#frag     | query and fragment are not allowed
            spiffe://cluster.local/workload/a         | is not of the form /ns/<namespace>/sa/<service-account>
            spiffe://cluster.local/ns/a/sa/b/extra/c  | is not of the form /ns/<namespace>/sa/<service-account>
            spiffe://cluster.local/sa/b/ns/a          | is not of the form /ns/<namespace>/sa/<service-account>
            """)
    void rejectsIdsTheSpecForbidsSayingWhy(String input, String reason) {
        assertThatThrownBy(() -> SpiffeId.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid SPIFFE ID \"" + input + "\": ")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsIdsLongerThan2048Bytes() {
        String id = "spiffe://cluster.local/ns/a/sa/" + "x".repeat(2048);

        assertThatThrownBy(() -> SpiffeId.parse(id)).hasMessageContaining("(expected: at most 2048)");
        assertThatThrownBy(() -> SpiffeId.of("a", "x".repeat(2048))).hasMessageContaining("(expected: at most 2048)");
    }

    @Test
    void constructorValidatesComponents() {
        assertThatThrownBy(() -> new SpiffeId("cluster.local", "", "sa"))
                .hasMessage("invalid SPIFFE ID: namespace is empty");
        assertThatThrownBy(() -> new SpiffeId("cluster.local", "ns", "s/a"))
                .hasMessageContaining("service account \"s/a\" has character '/'");
        assertThatThrownBy(() -> SpiffeId.checkTrustDomain("Example.org"))
                .hasMessageStartingWith("trust domain \"Example.org\" has character 'E'");
    }

    @Test
    void readsTheOnlyUriSanOfACertificate() throws Exception {
        TestPki.Ca ca = TestPki.root("ca", Instant.now(), Instant.now().plus(Duration.ofDays(1)));
        var leaf = TestPki.leaf(ca, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), Instant.now(), Instant.now().plusSeconds(60));

        assertThat(SpiffeId.fromCertificate(leaf)).isEqualTo(SpiffeId.of("a", "b"));
    }

    @Test
    void refusesCertificatesWithoutExactlyOneValidUriSan() {
        TestPki.Ca ca = TestPki.root("ca", Instant.now(), Instant.now().plus(Duration.ofDays(1)));
        var key = EcdsaKeys.generate().getPublic();
        Instant now = Instant.now();

        assertThatThrownBy(() -> SpiffeId.fromCertificate(TestPki.leaf(ca, key, List.of(), now, now.plusSeconds(9))))
                .isInstanceOf(CertificateException.class)
                .hasMessage("certificate CN=test leaf has no SPIFFE ID (no URI subject alternative name)");
        assertThatThrownBy(() -> SpiffeId.fromCertificate(TestPki.leaf(ca, key,
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b"), TestPki.uri("spiffe://cluster.local/ns/c/sa/d")),
                now, now.plusSeconds(9))))
                .hasMessageContaining("has 2 URI subject alternative names")
                .hasMessageContaining("(expected: exactly one SPIFFE ID)");
        assertThatThrownBy(() -> SpiffeId.fromCertificate(TestPki.leaf(ca, key,
                List.of(TestPki.uri("https://example.org/x")), now, now.plusSeconds(9))))
                .hasMessageContaining("has no usable SPIFFE ID: invalid SPIFFE ID \"https://example.org/x\"");
    }
}
