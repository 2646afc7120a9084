package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.SpiffeId;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Configures a {@link CertificateAuthority}: either {@link #selfSigned self-signed roots} kept in a
 * state directory, or an {@link #pluggedIntermediate intermediate plugged in} from files.
 */
public final class CertificateAuthorityBuilder {

    /** Ten years, the validity of a root the CA creates. */
    public static final Duration DEFAULT_ROOT_VALIDITY = Duration.ofDays(3650);

    private Optional<Path> stateDirectory = Optional.empty();
    private Optional<PluggedFiles> plugged = Optional.empty();
    private String trustDomain = SpiffeId.DEFAULT_TRUST_DOMAIN;
    private Duration rootValidity = DEFAULT_ROOT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    CertificateAuthorityBuilder() {
    }

    /**
     * Keeps self-signed roots in {@code directory} (created mode 0700): the first root is created on
     * first start and loaded afterwards, and roots can be rotated.
     */
    public CertificateAuthorityBuilder selfSigned(Path directory) {
        this.stateDirectory = Optional.of(requireNonNull(directory, "directory"));
        return this;
    }

    /**
     * Signs with an intermediate CA from PEM files, Istio's {@code cacerts} layout.
     *
     * @param caCert the intermediate's certificate
     * @param caKey its private key (PKCS#8, or OpenSSL's EC/RSA form), unencrypted
     * @param caChain the certificates above it, ending with the root, which becomes the trust bundle
     */
    public CertificateAuthorityBuilder pluggedIntermediate(Path caCert, Path caKey, Path caChain) {
        this.plugged = Optional.of(new PluggedFiles(requireNonNull(caCert, "caCert"), requireNonNull(caKey, "caKey"),
                requireNonNull(caChain, "caChain")));
        return this;
    }

    /** The trust domain the CA issues identities in; {@code cluster.local} unless set. */
    public CertificateAuthorityBuilder trustDomain(String trustDomain) {
        this.trustDomain = SpiffeId.checkTrustDomain(trustDomain);
        return this;
    }

    /** The validity of roots the CA creates; ten years unless set. */
    public CertificateAuthorityBuilder rootValidity(Duration validity) {
        requireNonNull(validity, "validity");
        if (validity.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("rootValidity: " + validity + " (expected: at least one day)");
        }
        this.rootValidity = validity;
        return this;
    }

    /** The clock for validity periods; tests move it. */
    public CertificateAuthorityBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Loads or creates the CA's keys and certificates.
     *
     * @throws CaLoadException when the files are readable but unusable, naming file and problem
     * @throws IOException when files cannot be read or written
     */
    public CertificateAuthority build() throws IOException {
        if (stateDirectory.isPresent() == plugged.isPresent()) {
            throw new IllegalStateException("configure exactly one of selfSigned(directory) and "
                    + "pluggedIntermediate(caCert, caKey, caChain)");
        }
        // The default SecureRandom never blocks after boot-time seeding; getInstanceStrong() might.
        SecureRandom random = new SecureRandom();
        CertificateSigner signer = new CertificateSigner(random);
        IssuerSource source;
        if (stateDirectory.isPresent()) {
            source = SelfSignedRoots.open(new CaStore(stateDirectory.get(), random), signer, clock, rootValidity,
                    trustDomain);
        } else {
            PluggedFiles files = plugged.get();
            source = PluggedIntermediate.load(files.caCert(), files.caKey(), files.caChain(), clock.instant(), random);
        }
        return new CertificateAuthority(source, signer, clock, trustDomain);
    }

    private record PluggedFiles(Path caCert, Path caKey, Path caChain) {
    }
}
