package dev.sutra.ca.authority;

import dev.sutra.ca.TrustBundle;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What signing needs, published as one immutable value so a rotation swaps all of it at once.
 *
 * @param certificate the certificate whose key signs leaves: a root or an intermediate
 * @param key its private key
 * @param chain what follows the leaf in an issued chain: empty when {@code certificate} is the
 *     root, else {@code certificate} and the intermediates above it, without the root
 * @param root the root the chain leads to
 * @param bundle the trust bundle published to workloads
 */
record Issuer(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain, X509Certificate root,
        TrustBundle bundle) {

    Issuer {
        chain = List.copyOf(chain);
    }

    /** A root that signs for itself. */
    static Issuer root(X509Certificate root, PrivateKey key, TrustBundle bundle) {
        return new Issuer(root, key, List.of(), root, bundle);
    }

    /** The latest instant an issued certificate may be valid to: the earliest end of its chain. */
    Instant notAfterLimit() {
        List<X509Certificate> all = new ArrayList<>(chain);
        all.add(certificate);
        all.add(root);
        return all.stream().map(c -> c.getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
    }
}
