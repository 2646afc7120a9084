package dev.sutra.ca.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.OwnerOnlyFiles;
import dev.sutra.ca.Pem;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedRootsTest {

    @TempDir
    Path parent;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");

    @Test
    void createsARootOnFirstStartInOwnerOnlyFiles() throws Exception {
        Path state = parent.resolve("ca");
        open(state);

        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca-state.properties", "root-1.cert.pem", "root-1.key.pem");
        }
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(mode(state.resolve("root-1.key.pem"))).isEqualTo("rw-------");
        assertThat(mode(state.resolve("root-1.cert.pem"))).isEqualTo("rw-------");
        assertThat(mode(state.resolve("ca-state.properties"))).isEqualTo("rw-------");
    }

    @Test
    void rootIsASelfSignedTenYearCaWithCriticalConstraintsAndKeyIds() throws Exception {
        X509Certificate root = open(parent).signingRoot();
        X509CertificateHolder parsed = new X509CertificateHolder(root.getEncoded());

        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(root.getSubjectX500Principal().getName()).matches("CN=Sutra root CA 1 [0-9a-f]{8},O=cluster.local");
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        // keyCertSign (5) and cRLSign (6) only.
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        byte[] ski = SubjectKeyIdentifier.fromExtensions(parsed.getExtensions()).getKeyIdentifier();
        assertThat(AuthorityKeyIdentifier.fromExtensions(parsed.getExtensions()).getKeyIdentifierObject().getOctets())
                .isEqualTo(ski);
        assertThat(root.getNotBefore().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
        assertThat(root.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(3650)));
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void restartKeepsTheSameRootAndKey() throws Exception {
        CertificateAuthority first = open(parent);
        X509Certificate root = first.signingRoot();

        CertificateAuthority restarted = open(parent);
        KeyPair keys = EcdsaKeys.generate();
        X509Certificate leaf = restarted.sign(Csr.create(keys, alice), alice).leaf();

        assertThat(restarted.signingRoot()).isEqualTo(root);
        assertThat(restarted.trustBundle()).isEqualTo(first.trustBundle());
        // Signed with the reloaded key: the first instance's bundle trusts it.
        assertThat(first.trustBundle().verify(java.util.List.of(leaf), clock.instant())).isEqualTo(root);
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsRoot() throws Exception {
        open(parent);
        Path keyFile = parent.resolve("root-1.key.pem");
        OwnerOnlyFiles.write(keyFile, Pem.encodePrivateKey(EcdsaKeys.generate().getPrivate())
                .getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> open(parent))
                .isInstanceOf(CaLoadException.class)
                .hasMessage(keyFile + ": does not match the public key of " + parent.resolve("root-1.cert.pem"));
    }

    @Test
    void refusesARootKeyOthersCanRead() throws Exception {
        open(parent);
        Path keyFile = parent.resolve("root-1.key.pem");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> open(parent))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(keyFile + ": mode rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAStateFileItCannotRead() throws Exception {
        open(parent);
        Path stateFile = parent.resolve("ca-state.properties");
        OwnerOnlyFiles.write(stateFile, "format=1\nstage=rotating\nactive=1\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> open(parent))
                .isInstanceOf(CaLoadException.class)
                .hasMessage(stateFile + ": stage=rotating (expected: steady, staged or activated)");

        OwnerOnlyFiles.write(stateFile, "format=1\nstage=steady\nactive=7\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> open(parent)).hasMessageContaining("root-7.key.pem");
    }

    @Test
    void buildNeedsExactlyOneMode() {
        assertThatThrownBy(() -> CertificateAuthority.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("configure exactly one of selfSigned(directory) and pluggedIntermediate(caCert, caKey, caChain)");
        assertThatThrownBy(() -> CertificateAuthority.builder().selfSigned(parent)
                .pluggedIntermediate(parent, parent, parent).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CertificateAuthority.builder().trustDomain("Bad"))
                .hasMessageContaining("trust domain \"Bad\"");
    }

    private CertificateAuthority open(Path state) throws IOException {
        return CertificateAuthority.builder().selfSigned(state).clock(clock).build();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
