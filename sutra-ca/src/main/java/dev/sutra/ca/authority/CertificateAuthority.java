package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.Csr;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import java.io.IOException;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Sutra's certificate authority: issues X.509-SVIDs to workloads and serving certificates to the
 * control plane, under a self-signed root it keeps (and can rotate) or a plugged-in intermediate.
 *
 * <p>The caller authenticates the workload (join token, existing SVID, platform credential) and
 * passes the identity that credential allows; the CA signs only a CSR for exactly that identity.
 * Thread-safe: signing reads one immutable snapshot of the signing material; rotation steps are
 * serialized and persisted before they take effect. Signing is CPU work; keep it off event loops.
 */
public final class CertificateAuthority {

    /** The TTL of a workload certificate when the caller names none. */
    public static final Duration DEFAULT_WORKLOAD_TTL = Duration.ofHours(24);

    // X509-SVID spec, section 4.4: SVIDs serve both ends of mutual TLS.
    private static final KeyPurposeId[] SVID_PURPOSES = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
    private static final KeyPurposeId[] SERVING_PURPOSES = {KeyPurposeId.id_kp_serverAuth};

    private final IssuerSource source;
    private final CertificateSigner signer;
    private final Clock clock;
    private final String trustDomain;

    CertificateAuthority(IssuerSource source, CertificateSigner signer, Clock clock, String trustDomain) {
        this.source = source;
        this.signer = signer;
        this.clock = clock;
        this.trustDomain = trustDomain;
    }

    /** Starts configuring a CA. */
    public static CertificateAuthorityBuilder builder() {
        return new CertificateAuthorityBuilder();
    }

    /** Same as {@link #sign(Csr, SpiffeId, Duration)} with {@link #DEFAULT_WORKLOAD_TTL}. */
    public IssuedCertificate sign(Csr csr, SpiffeId allowedIdentity) throws SigningRefusedException {
        return sign(csr, allowedIdentity, DEFAULT_WORKLOAD_TTL);
    }

    /**
     * Issues an X.509-SVID for {@code csr} if it asks for exactly {@code allowedIdentity}: one URI
     * SAN, nothing else. The certificate has that URI SAN alone, CA:false, keyUsage
     * digitalSignature, extendedKeyUsage serverAuth and clientAuth, a random 128-bit serial, and is
     * valid from a little before now to {@code now + ttl}, cut short at the end of the CA's chain.
     * Nothing else in the CSR (subject, other extensions) reaches the certificate.
     *
     * @param allowedIdentity the identity the caller's credential proved, in this CA's trust domain
     * @param ttl at least one second
     * @return the leaf and the chain up to, not including, the root
     * @throws SigningRefusedException when the CSR's signature does not verify, it asks for another
     *     identity, or its key is not one the CA certifies
     */
    public IssuedCertificate sign(Csr csr, SpiffeId allowedIdentity, Duration ttl) throws SigningRefusedException {
        requireNonNull(csr, "csr");
        requireNonNull(allowedIdentity, "allowedIdentity");
        checkTtl(ttl);
        if (!allowedIdentity.trustDomain().equals(trustDomain)) {
            throw new IllegalArgumentException("allowedIdentity: " + allowedIdentity + " (expected: trust domain "
                    + trustDomain + ")");
        }
        // Proof of possession: only the holder of the private key may have a certificate for it.
        if (!csr.hasValidSignature()) {
            throw new SigningRefusedException(SigningRefusedException.Reason.BAD_SIGNATURE,
                    "CSR (requesting " + String.join(", ", csr.subjectAltNames())
                            + ") is not signed by the key it carries");
        }
        List<String> requested = csr.subjectAltNames();
        if (!requested.equals(List.of("URI:" + allowedIdentity.uri()))) {
            throw new SigningRefusedException(SigningRefusedException.Reason.IDENTITY_NOT_ALLOWED, "CSR requests "
                    + (requested.isEmpty() ? "no subject alternative name" : String.join(", ", requested))
                    + " but the credential allows only " + allowedIdentity);
        }
        Optional<String> keyProblem = KeyPolicy.problemWith(csr.publicKey());
        if (keyProblem.isPresent()) {
            throw new SigningRefusedException(SigningRefusedException.Reason.UNSUPPORTED_KEY,
                    "CSR for " + allowedIdentity + " carries an unsupported " + keyProblem.get());
        }
        return issue(csr.publicKey(), uriName(allowedIdentity), SVID_PURPOSES, ttl);
    }

    /**
     * Issues a serving certificate for the control plane's own TLS port: the given DNS and IP SANs
     * (and SPIFFE ID, if any), extendedKeyUsage serverAuth. The caller keeps the private key and
     * calls again to renew, on its own schedule.
     *
     * @param key the public key to certify (EC P-256/P-384 or RSA of 2048 bits or more)
     * @param ttl at least one second
     */
    public IssuedCertificate issueServing(PublicKey key, ServingNames names, Duration ttl) {
        requireNonNull(key, "key");
        requireNonNull(names, "names");
        checkTtl(ttl);
        KeyPolicy.problemWith(key).ifPresent(problem -> {
            throw new IllegalArgumentException("key: " + problem);
        });
        List<GeneralName> sans = new ArrayList<>();
        names.dnsNames().forEach(name -> sans.add(new GeneralName(GeneralName.dNSName, name)));
        for (InetAddress address : names.ipAddresses()) {
            sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress())));
        }
        names.spiffeId().ifPresent(id -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri())));
        return issue(key, new GeneralNames(sans.toArray(GeneralName[]::new)), SERVING_PURPOSES, ttl);
    }

    /** The roots workloads must trust now (SDS {@code ROOTCA}); the signing root first. */
    public TrustBundle trustBundle() {
        return source.issuer().bundle();
    }

    /** The root that certificates issued now lead to; join tokens carry its pin. */
    public X509Certificate signingRoot() {
        return source.issuer().root();
    }

    /** The certificate that signs: the signing root, or the plugged-in intermediate. */
    public X509Certificate signingCertificate() {
        return source.issuer().certificate();
    }

    /** The trust domain this CA issues identities in. */
    public String trustDomain() {
        return trustDomain;
    }

    /** Where a root rotation stands. */
    public RotationStage rotationStage() {
        return source.stage();
    }

    /**
     * Rotation step 1: creates a new root and adds it to the trust bundle; the current root keeps
     * signing. Push the new bundle to every workload before {@link #activate()}.
     *
     * @throws IllegalStateException unless the stage is {@link RotationStage#STEADY}, or when the CA
     *     signs with a plugged-in intermediate (rotate that by replacing its files)
     */
    public void beginRotation() throws IOException {
        selfSignedRoots("begin a rotation").beginRotation();
    }

    /**
     * Rotation step 2: the new root signs from now on; the old root stays in the bundle so
     * certificates it signed remain trusted until they expire.
     *
     * @throws IllegalStateException unless the stage is {@link RotationStage#STAGED}
     */
    public void activate() throws IOException {
        selfSignedRoots("activate a new root").activate();
    }

    /**
     * Rotation step 3: drops the old root from the bundle and deletes its files. Call once every
     * certificate it signed has been renewed (after one workload TTL).
     *
     * @throws IllegalStateException unless the stage is {@link RotationStage#ACTIVATED}
     */
    public void retireOld() throws IOException {
        selfSignedRoots("retire an old root").retireOld();
    }

    private IssuedCertificate issue(PublicKey key, GeneralNames names, KeyPurposeId[] purposes, Duration ttl) {
        Issuer issuer = source.issuer();
        X509Certificate leaf = signer.leaf(issuer, key, names, purposes, clock.instant(), ttl);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(issuer.chain());
        return new IssuedCertificate(chain);
    }

    private SelfSignedRoots selfSignedRoots(String action) {
        return switch (source) {
            case SelfSignedRoots roots -> roots;
            case PluggedIntermediate plugged -> throw new IllegalStateException("cannot " + action
                    + ": this CA signs with a plugged-in intermediate; rotate it by replacing its files");
        };
    }

    private static GeneralNames uriName(SpiffeId id) {
        return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri()));
    }

    private static void checkTtl(Duration ttl) {
        requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1 second)");
        }
    }
}
