package dev.sutra.proxy.identity;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.SpiffeId;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workload's identity at one moment: the private key that never leaves the proxy and the chain
 * the CA signed for it (leaf first, root not included). Immutable; a rotation makes a new one.
 */
public record WorkloadCertificate(SpiffeId identity, PrivateKey key, List<X509Certificate> chain) {

    public WorkloadCertificate {
        requireNonNull(identity, "identity");
        requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the leaf first)");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public String serialHex() {
        return leaf().getSerialNumber().toString(16);
    }

    public BigInteger serial() {
        return leaf().getSerialNumber();
    }

    public Duration lifetime() {
        return Duration.between(notBefore(), notAfter());
    }

    /** Whether it is valid at {@code now} with at least {@code margin} left. */
    public boolean usableAt(Instant now, Duration margin) {
        return !now.isBefore(notBefore()) && now.plus(margin).isBefore(notAfter());
    }

    /** When to renew: at half its life, moved by up to {@code jitter} of its life either way. */
    public Instant renewalTime(double jitter) {
        long life = lifetime().toMillis();
        long offset = (long) (life * (0.5 + jitter));
        return notBefore().plusMillis(Math.max(0, offset));
    }
}
