package dev.sutra.proxy.identity;

import dev.sutra.ca.OwnerOnlyFiles;
import dev.sutra.ca.Pem;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The proxy's key, certificate chain and trust bundle in its state directory, owner-only, so a
 * proxy restarted while the control plane is down comes back with the identity it had (when still
 * valid) instead of none.
 */
final class IdentityStore {

    private final Path dir;

    IdentityStore(Path stateDir) {
        this.dir = stateDir.resolve("identity");
    }

    void save(WorkloadCertificate cert) throws IOException {
        OwnerOnlyFiles.createDirectory(dir);
        OwnerOnlyFiles.write(dir.resolve("key.pem"), Pem.encodePrivateKey(cert.key()).getBytes(StandardCharsets.UTF_8));
        OwnerOnlyFiles.write(dir.resolve("chain.pem"), Pem.encodeCertificates(cert.chain()).getBytes(StandardCharsets.UTF_8));
    }

    void saveBundle(TrustBundle bundle) throws IOException {
        OwnerOnlyFiles.createDirectory(dir);
        OwnerOnlyFiles.write(dir.resolve("roots.pem"), bundle.toPem().getBytes(StandardCharsets.UTF_8));
    }

    /** The saved certificate for {@code identity}, if any (whatever its validity). */
    Optional<WorkloadCertificate> load(SpiffeId identity) throws IOException {
        Path key = dir.resolve("key.pem");
        Path chain = dir.resolve("chain.pem");
        if (!Files.exists(key) || !Files.exists(chain)) {
            return Optional.empty();
        }
        OwnerOnlyFiles.requireOwnerOnly(key);
        PrivateKey privateKey = Pem.readPrivateKey(key);
        List<X509Certificate> certs = Pem.readCertificates(chain);
        try {
            SpiffeId saved = SpiffeId.fromCertificate(certs.get(0));
            if (!saved.equals(identity)) {
                return Optional.empty();
            }
        } catch (CertificateException e) {
            throw new IOException(chain + ": " + e.getMessage(), e);
        }
        return Optional.of(new WorkloadCertificate(identity, privateKey, certs));
    }

    Optional<TrustBundle> loadBundle() throws IOException {
        Path roots = dir.resolve("roots.pem");
        return Files.exists(roots) ? Optional.of(TrustBundle.read(roots)) : Optional.empty();
    }
}
