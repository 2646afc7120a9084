package dev.sutra.controlplane.ca;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.Csr;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.authority.CertificateAuthority;
import dev.sutra.ca.authority.CertificateAuthorityBuilder;
import dev.sutra.ca.authority.IssuedCertificate;
import dev.sutra.ca.authority.RotationStage;
import dev.sutra.ca.authority.ServingNames;
import dev.sutra.ca.authority.SigningRefusedException;
import dev.sutra.ca.join.InvalidJoinTokenException;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.ca.join.JoinTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's certificate authority as the control plane runs it: the {@link CertificateAuthority}
 * (self-signed root in {@code <state>/ca}, or a plugged-in intermediate), the join tokens that
 * admit new proxies, the certificates issued so far, and root rotation, which tells every
 * {@linkplain #onBundleChange listener} (the push, the TLS port) about the new trust bundle.
 * Thread-safe.
 */
public final class MeshCa {

    private static final Logger log = LoggerFactory.getLogger(MeshCa.class);

    /** The service account in the control plane's own SPIFFE ID. */
    public static final String CONTROL_PLANE_SERVICE_ACCOUNT = "sutra-controlplane";

    private final CertificateAuthority authority;
    private final JoinTokens tokens;
    private final Duration workloadTtl;
    private final boolean pluggedIn;
    private final Clock clock;
    private final IssuedCertificates issued = new IssuedCertificates();
    private final List<Consumer<TrustBundle>> listeners = new CopyOnWriteArrayList<>();

    private MeshCa(CertificateAuthority authority, JoinTokens tokens, Duration workloadTtl, boolean pluggedIn,
            Clock clock) {
        this.authority = authority;
        this.tokens = tokens;
        this.workloadTtl = workloadTtl;
        this.pluggedIn = pluggedIn;
        this.clock = clock;
    }

    /**
     * Loads the CA, creating a self-signed root in {@code <stateDir>/ca} on first start unless
     * {@code options} plug one in, and the join-token key in {@code <stateDir>}.
     */
    public static MeshCa open(Path stateDir, String trustDomain, IdentityOptions options) throws IOException {
        requireNonNull(stateDir, "stateDir");
        requireNonNull(options, "options");
        CertificateAuthorityBuilder builder = CertificateAuthority.builder().trustDomain(trustDomain);
        options.pluggedCa().ifPresentOrElse(
                files -> builder.pluggedIntermediate(files.caCert(), files.caKey(), files.caChain()),
                () -> builder.selfSigned(stateDir.resolve("ca")));
        Clock clock = Clock.systemUTC();
        return new MeshCa(builder.build(), JoinTokens.open(stateDir, clock), options.workloadCertTtl(),
                options.pluggedCa().isPresent(), clock);
    }

    /** The trust domain of every identity this CA issues. */
    public String trustDomain() {
        return authority.trustDomain();
    }

    /** {@code spiffe://<trust domain>/ns/<namespace>/sa/<serviceAccount>}. */
    public SpiffeId identity(String namespace, String serviceAccount) {
        return new SpiffeId(trustDomain(), namespace, serviceAccount);
    }

    /**
     * The roots workloads must trust, the signing root first: the order tells a proxy whether its
     * certificate still chains to the root that signs (if not, it renews early).
     */
    public TrustBundle trustBundle() {
        TrustBundle bundle = authority.trustBundle();
        X509Certificate signing = authority.signingRoot();
        if (bundle.roots().get(0).equals(signing)) {
            return bundle;
        }
        List<X509Certificate> ordered = new ArrayList<>();
        ordered.add(signing);
        bundle.roots().stream().filter(root -> !root.equals(signing)).forEach(ordered::add);
        return new TrustBundle(ordered);
    }

    /** The root certificates issued now lead to. */
    public X509Certificate signingRoot() {
        return authority.signingRoot();
    }

    /** The pin join tokens carry: of the root that signs now. */
    public RootPin signingRootPin() {
        return RootPin.of(authority.signingRoot());
    }

    /** Whether the CA signs with a plugged-in intermediate (which cannot rotate here). */
    public boolean pluggedIn() {
        return pluggedIn;
    }

    /** Where a root rotation stands; always steady for a plugged-in CA. */
    public RotationStage rotationStage() {
        return authority.rotationStage();
    }

    /** How long the workload certificates this CA issues live. */
    public Duration workloadTtl() {
        return workloadTtl;
    }

    /** The latest certificate of every identity. */
    public IssuedCertificates issued() {
        return issued;
    }

    /** A join token for {@code identity}, carrying the signing root's pin. */
    public String issueToken(SpiffeId identity, Duration ttl) {
        return tokens.issue(identity, signingRootPin(), ttl);
    }

    /** Checks a join token; see {@link JoinTokens#verify}. */
    public JoinToken verifyToken(String token) throws InvalidJoinTokenException {
        return tokens.verify(token);
    }

    /**
     * Signs a workload's CSR for {@code allowed} with the workload TTL and records it as that
     * identity's latest certificate. CPU work: call off event loops.
     */
    public IssuedCertificate sign(Csr csr, SpiffeId allowed, IssuedCertificates.Source source)
            throws SigningRefusedException {
        IssuedCertificate certificate = authority.sign(csr, allowed, workloadTtl);
        issued.record(new IssuedCertificates.Entry(allowed, certificate.chain(), rootOf(certificate.chain()),
                clock.instant(), source));
        return certificate;
    }

    /** Notes a verified certificate a proxy presented, if it is newer than what is known of its identity. */
    void presented(SpiffeId identity, List<X509Certificate> chain) {
        if (issued.isNews(identity, chain.get(0))) {
            issued.record(new IssuedCertificates.Entry(identity, chain, rootOf(chain), clock.instant(),
                    IssuedCertificates.Source.PRESENTED));
        }
    }

    /** A serving certificate for the control plane's own TLS port. */
    IssuedCertificate issueServing(PublicKey key, ServingNames names, Duration ttl) {
        return authority.issueServing(key, names, ttl);
    }

    /** Calls {@code listener} with the new trust bundle after each rotation step. */
    public void onBundleChange(Consumer<TrustBundle> listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * Takes one rotation step and tells every listener, in the order they were added, before
     * returning; so when this returns the new bundle has been pushed.
     *
     * @throws IllegalStateException when the step does not follow the current stage, or the CA
     *     signs with a plugged-in intermediate; the message says which
     */
    public synchronized void rotate(RotationStep step) throws IOException {
        requireNonNull(step, "step");
        switch (step) {
            case BEGIN -> authority.beginRotation();
            case ACTIVATE -> authority.activate();
            case RETIRE -> authority.retireOld();
        }
        TrustBundle bundle = trustBundle();
        log.info("Root rotation step '{}' done: stage {}, trust bundle {}", step.word(), rotationStage(),
                bundle.pins());
        for (Consumer<TrustBundle> listener : listeners) {
            try {
                listener.accept(bundle);
            } catch (RuntimeException e) {
                log.warn("applying the new trust bundle after rotation step '{}' failed in {}", step.word(),
                        listener, e);
            }
        }
    }

    // The root a chain leads to under the current bundle; the signing root if it leads nowhere
    // (cannot happen for a chain this CA just issued or a handshake just verified).
    private RootPin rootOf(List<X509Certificate> chain) {
        try {
            return RootPin.of(authority.trustBundle().verify(chain, clock.instant()));
        } catch (CertificateException e) {
            log.debug("chain of {} does not verify against the trust bundle: {}",
                    chain.get(0).getSerialNumber().toString(16), e.getMessage());
            return signingRootPin();
        }
    }
}
