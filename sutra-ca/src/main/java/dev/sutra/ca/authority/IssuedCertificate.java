package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.Pem;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate the CA issued, with the chain to present beside it: the leaf first, then any
 * intermediates, <em>without</em> the root. The root is what peers already trust; it travels in
 * the {@link dev.sutra.ca.TrustBundle} (SDS {@code ROOTCA}), not in the chain, as the SPIFFE
 * Workload API and RFC 8446 (section 4.4.2) have it. A CA signing with its own root therefore
 * returns a chain of the leaf alone.
 *
 * @param chain the leaf, then intermediates up to but excluding the root
 */
public record IssuedCertificate(List<X509Certificate> chain) {

    public IssuedCertificate {
        chain = List.copyOf(requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty (expected: the leaf first)");
        }
    }

    /** The issued certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The chain as concatenated PEM blocks, leaf first: the form of a cert-chain file or SDS secret. */
    public String toPem() {
        return Pem.encodeCertificates(chain);
    }
}
