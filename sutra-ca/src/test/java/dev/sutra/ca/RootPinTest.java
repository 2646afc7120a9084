package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;

class RootPinTest {

    // Made with openssl; its pin computed as kubeadm documents it:
    // openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex
    private static final String OPENSSL_ROOT = """
            -----BEGIN CERTIFICATE-----
            MIIBfzCCASWgAwIBAgIUPzg9PrM3MMVN83zpALbtXEx3PDAwCgYIKoZIzj0EAwIw
            FTETMBEGA1UEAwwKcGluIHZlY3RvcjAeFw0yNjExMjgxODEwMTNaFw0zNjExMjUx
            ODEwMTNaMBUxEzARBgNVBAMMCnBpbiB2ZWN0b3IwWTATBgcqhkjOPQIBBggqhkjO
            PQMBBwNCAAQCJBHAkV78mwCkuE37isGha+11zVj3kF4G8pN+c/dR7R33oflYkHwK
            HFsgZi0uHC/oFKvVjIKF/uhNVhPZbSvbo1MwUTAdBgNVHQ4EFgQUdaZS7CM1g+tC
            rDSDgqrdEGK42E8wHwYDVR0jBBgwFoAUdaZS7CM1g+tCrDSDgqrdEGK42E8wDwYD
            VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiBGTnoPwtsMjva7G3SKLEhk
            N2TemhNyK0G6SL7orNzg9gIhAObwCK45PfWPZHTaUrZScqApdzZ4DQLjMIgXERIA
            Dqcv
            -----END CERTIFICATE-----
            """;
    private static final String OPENSSL_PIN = "sha256:850e47fa493a6e5179a336b527939f65eb92c5f280a0d2ddb213b3893a559c7f";

    @Test
    void pinMatchesTheKubeadmDiscoveryHashOfTheSameCertificate() throws Exception {
        X509Certificate root = Pem.parseCertificate("vector", OPENSSL_ROOT);

        assertThat(RootPin.of(root)).hasToString(OPENSSL_PIN);
        assertThat(RootPin.parse(OPENSSL_PIN).matches(root)).isTrue();
    }

    @Test
    void pinIsTheHashOfTheSubjectPublicKeyInfoAsEncodedInTheCertificate() throws Exception {
        X509Certificate root = TestPki.root("r", Instant.now(), Instant.now().plus(Duration.ofDays(1))).certificate();
        byte[] spki = new JcaX509CertificateHolder(root).getSubjectPublicKeyInfo().getEncoded();
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));

        assertThat(RootPin.of(root).value()).isEqualTo(expected);
    }

    @Test
    void parseAcceptsUpperCaseHexAndNormalizes() {
        assertThat(RootPin.parse(OPENSSL_PIN.toUpperCase().replace("SHA256:", "sha256:")).value()).isEqualTo(OPENSSL_PIN);
    }

    @Test
    void differentKeysHaveDifferentPins() {
        Instant now = Instant.now();
        X509Certificate a = TestPki.root("same", now, now.plusSeconds(60)).certificate();
        X509Certificate b = TestPki.root("same", now, now.plusSeconds(60)).certificate();

        assertThat(RootPin.of(a)).isNotEqualTo(RootPin.of(b));
        assertThat(RootPin.of(a).matches(b)).isFalse();
    }

    @Test
    void rejectsMalformedPins() {
        assertThatThrownBy(() -> RootPin.parse("sha1:abcd"))
                .hasMessage("root pin \"sha1:abcd\" (expected: sha256:<64 lower-case hex digits>)");
        assertThatThrownBy(() -> RootPin.parse("sha256:" + "0".repeat(63))).hasMessageContaining("expected");
        assertThatThrownBy(() -> RootPin.parse("sha256:" + "g".repeat(64))).hasMessageContaining("expected");
    }
}
