package dev.sutra.controlplane.ca;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the control plane runs its CA and its TLS port.
 *
 * @param tlsAddress the TLS port's address (ADS over mTLS and the CA service), 0.0.0.0:15012 by default
 * @param workloadCertTtl how long a workload certificate lives, 24 h by default
 * @param servingCertTtl how long the TLS port's own certificate lives; renewed at half its life
 * @param servingDnsNames DNS names for the serving certificate beyond {@code localhost} and the host name
 * @param pluggedCa the intermediate to sign with, from files; empty for a self-signed root kept in
 *     the state directory
 */
public record IdentityOptions(InetSocketAddress tlsAddress, Duration workloadCertTtl, Duration servingCertTtl,
        List<String> servingDnsNames, Optional<PluggedCa> pluggedCa) {

    public static final int TLS_PORT = 15012;
    public static final Duration DEFAULT_WORKLOAD_CERT_TTL = Duration.ofHours(24);
    /** The serving certificate's lifetime unless workload certificates live shorter. */
    public static final Duration DEFAULT_SERVING_CERT_TTL = Duration.ofHours(24);

    public IdentityOptions {
        requireNonNull(tlsAddress, "tlsAddress");
        requireNonNull(pluggedCa, "pluggedCa");
        servingDnsNames = List.copyOf(requireNonNull(servingDnsNames, "servingDnsNames"));
        checkTtl("workloadCertTtl", workloadCertTtl);
        checkTtl("servingCertTtl", servingCertTtl);
    }

    /** A self-signed CA, workload certificates of 24 h, the TLS port at {@code tlsAddress}. */
    public static IdentityOptions defaults(InetSocketAddress tlsAddress) {
        return new IdentityOptions(tlsAddress, DEFAULT_WORKLOAD_CERT_TTL, DEFAULT_SERVING_CERT_TTL, List.of(),
                Optional.empty());
    }

    /**
     * Workload certificates of {@code ttl}; the serving certificate lives no longer than they do,
     * so tests with short TTLs see it renewed too.
     */
    public IdentityOptions withWorkloadCertTtl(Duration ttl) {
        checkTtl("workloadCertTtl", ttl);
        Duration serving = ttl.compareTo(DEFAULT_SERVING_CERT_TTL) < 0 ? ttl : DEFAULT_SERVING_CERT_TTL;
        return new IdentityOptions(tlsAddress, ttl, serving, servingDnsNames, pluggedCa);
    }

    /** The serving certificate lives {@code ttl}, renewed at half of it. */
    public IdentityOptions withServingCertTtl(Duration ttl) {
        return new IdentityOptions(tlsAddress, workloadCertTtl, ttl, servingDnsNames, pluggedCa);
    }

    /** Extra DNS names in the serving certificate, for clients that dial the control plane by them. */
    public IdentityOptions withServingDnsNames(List<String> names) {
        return new IdentityOptions(tlsAddress, workloadCertTtl, servingCertTtl, names, pluggedCa);
    }

    /** The TLS port at {@code address}; port 0 lets the OS pick. */
    public IdentityOptions withTlsAddress(InetSocketAddress address) {
        return new IdentityOptions(address, workloadCertTtl, servingCertTtl, servingDnsNames, pluggedCa);
    }

    /** Signs with the intermediate in {@code files} instead of a self-signed root. */
    public IdentityOptions withPluggedCa(PluggedCa files) {
        return new IdentityOptions(tlsAddress, workloadCertTtl, servingCertTtl, servingDnsNames,
                Optional.of(requireNonNull(files, "files")));
    }

    private static void checkTtl(String name, Duration ttl) {
        requireNonNull(ttl, name);
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException(name + ": " + ttl + " (expected: at least 2 seconds)");
        }
    }

    /**
     * An intermediate CA plugged in from PEM files, Istio's {@code cacerts} layout.
     *
     * @param caCert the CA certificate that signs
     * @param caKey its unencrypted private key
     * @param caChain the certificates above it, ending with the root
     */
    public record PluggedCa(Path caCert, Path caKey, Path caChain) {

        public PluggedCa {
            requireNonNull(caCert, "caCert");
            requireNonNull(caKey, "caKey");
            requireNonNull(caChain, "caChain");
        }
    }
}
