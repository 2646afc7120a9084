package dev.sutra.controlplane.ca;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.authority.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every certificate the control plane can see, for {@code GET /api/v1/certificates},
 * {@code sutra check} and the expiry gauges: the trust bundle's roots, a plugged-in CA's
 * intermediates, the TLS port's certificate, and each identity's latest workload certificate.
 * A workload certificate that has expired is left out once no connected proxy runs as its
 * identity: its proxy is gone, and an alarm about it would never clear.
 */
public final class CertificateInventory {

    /**
     * One certificate.
     *
     * @param kind what it is for
     * @param info identity, serial, validity, issuer and seconds left
     * @param lifetimeSeconds from notBefore to notAfter
     */
    public record Listed(CertificateKind kind, CertificateInfo info, long lifetimeSeconds) {

        public Listed {
            requireNonNull(kind, "kind");
            requireNonNull(info, "info");
        }

        static Listed of(CertificateKind kind, X509Certificate certificate, Instant now) {
            CertificateInfo info = CertificateInfo.of(certificate, now);
            return new Listed(kind, info, info.notAfter().getEpochSecond() - info.notBefore().getEpochSecond());
        }
    }

    private final MeshCa ca;
    private final ServingCertificate serving;
    private final Predicate<SpiffeId> inUse;

    CertificateInventory(MeshCa ca, ServingCertificate serving, Predicate<SpiffeId> inUse) {
        this.ca = ca;
        this.serving = serving;
        this.inUse = inUse;
    }

    /** Everything, as seen at {@code now}: roots, intermediates, serving, then workloads by identity. */
    public List<Listed> list(Instant now) {
        List<Listed> out = new ArrayList<>();
        ca.trustBundle().roots().forEach(root -> out.add(Listed.of(CertificateKind.ROOT, root, now)));
        IssuedCertificate current = serving.current();
        // The serving chain holds exactly the intermediates between the signing key and the root.
        current.chain().stream().skip(1).forEach(c -> out.add(Listed.of(CertificateKind.INTERMEDIATE, c, now)));
        out.add(Listed.of(CertificateKind.SERVING, current.leaf(), now));
        for (IssuedCertificates.Entry entry : ca.issued().all()) {
            Listed listed = Listed.of(CertificateKind.WORKLOAD, entry.leaf(), now);
            if (!listed.info().expired() || inUse.test(entry.identity())) {
                out.add(listed);
            }
        }
        return out;
    }
}
