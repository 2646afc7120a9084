package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class CertificateInfoTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final TestPki.Ca root = TestPki.root("info root", now.minusSeconds(60), now.plusSeconds(86_400));

    @Test
    void describesAnSvidByItsSpiffeId() {
        X509Certificate leaf = TestPki.leaf(root, EcdsaKeys.generate().getPublic(),
                List.of(TestPki.uri("spiffe://cluster.local/ns/a/sa/b")), now.minusSeconds(10), now.plusSeconds(30));

        CertificateInfo info = CertificateInfo.of(leaf, now);

        assertThat(info.identity()).isEqualTo("spiffe://cluster.local/ns/a/sa/b");
        assertThat(info.serialHex()).isEqualTo(leaf.getSerialNumber().toString(16));
        assertThat(info.notBefore()).isEqualTo(now.minusSeconds(10));
        assertThat(info.notAfter()).isEqualTo(now.plusSeconds(30));
        assertThat(info.issuer()).isEqualTo("CN=info root");
        assertThat(info.secondsUntilExpiry()).isEqualTo(30);
        assertThat(info.expired()).isFalse();
    }

    @Test
    void describesOtherCertificatesBySubjectThenByName() {
        X509Certificate dnsOnly = TestPki.leaf(root, EcdsaKeys.generate().getPublic(),
                List.of(new GeneralName(GeneralName.dNSName, "localhost")), now, now.plusSeconds(30));

        assertThat(CertificateInfo.of(root.certificate(), now).identity()).isEqualTo("CN=info root");
        // TestPki leaves have a subject; a DNS-only leaf is described by it before its SANs.
        assertThat(CertificateInfo.of(dnsOnly, now).identity()).isEqualTo("CN=test leaf");
    }

    @Test
    void countsNegativeSecondsOnceExpired() {
        CertificateInfo info = CertificateInfo.of(root.certificate(), now.plusSeconds(86_400 + 5));

        assertThat(info.secondsUntilExpiry()).isEqualTo(-5);
        assertThat(info.expired()).isTrue();
    }
}
