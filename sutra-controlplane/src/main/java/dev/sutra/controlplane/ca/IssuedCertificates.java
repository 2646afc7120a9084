package dev.sutra.controlplane.ca;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest workload certificate of each identity: the last one the CA issued, or a newer one a
 * proxy presented on the TLS port (after a control plane restart, that is how the control plane
 * learns what proxies hold). {@code sutra check}, the expiry gauges and root rotation read it.
 * Kept in memory only. Thread-safe.
 */
public final class IssuedCertificates {

    /** How the control plane learned of a certificate. */
    public enum Source {
        /** Issued for a join token: a proxy's first certificate. */
        JOIN_TOKEN,
        /** Issued to a proxy that authenticated with its current certificate. */
        RENEWAL,
        /** Presented by a proxy as its TLS client certificate, not issued by this process. */
        PRESENTED
    }

    /**
     * One identity's latest certificate.
     *
     * @param identity the SPIFFE ID in the certificate
     * @param chain the leaf first, then intermediates
     * @param root the pin of the root the chain leads to
     * @param recordedAt when the control plane learned of it
     * @param source how
     */
    public record Entry(SpiffeId identity, List<X509Certificate> chain, RootPin root, Instant recordedAt,
            Source source) {

        public Entry {
            requireNonNull(identity, "identity");
            chain = List.copyOf(chain);
            requireNonNull(root, "root");
            requireNonNull(recordedAt, "recordedAt");
            requireNonNull(source, "source");
        }

        /** The certificate itself. */
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private final Map<SpiffeId, Entry> latest = new ConcurrentHashMap<>();

    /** Records a certificate unless the identity already has one that is as new or newer. */
    void record(Entry entry) {
        latest.merge(entry.identity(), entry, (old, candidate) -> isNewer(candidate, old) ? candidate : old);
    }

    /** Whether {@code leaf} is newer than what is known of {@code identity}: worth recording. */
    boolean isNews(SpiffeId identity, X509Certificate leaf) {
        Entry known = latest.get(identity);
        return known == null || (!known.leaf().equals(leaf)
                && leaf.getNotBefore().toInstant().isAfter(known.leaf().getNotBefore().toInstant()));
    }

    /** The latest certificate of {@code identity}, if the control plane knows one. */
    public Optional<Entry> latest(SpiffeId identity) {
        return Optional.ofNullable(latest.get(identity));
    }

    /** Every identity's latest certificate, by identity. */
    public List<Entry> all() {
        return latest.values().stream().sorted(Comparator.comparing(e -> e.identity().uri())).toList();
    }

    // A later notBefore wins; at equal times (issued in the same second) the later record does.
    private static boolean isNewer(Entry candidate, Entry old) {
        return !candidate.leaf().getNotBefore().toInstant().isBefore(old.leaf().getNotBefore().toInstant());
    }
}
