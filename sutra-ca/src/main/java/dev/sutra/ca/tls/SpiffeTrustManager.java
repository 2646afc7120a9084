package dev.sutra.ca.tls;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies TLS peers as SPIFFE workloads: the peer's chain must lead to a root of the current
 * {@link TrustBundle}, every certificate in it must be valid now, and the leaf must be an
 * X.509-SVID (not a CA, exactly one SPIFFE ID URI SAN, in the expected trust domain) allowed for
 * its side of the handshake (extendedKeyUsage clientAuth or serverAuth, when present).
 *
 * <p>Host names are not checked: peers are named by SPIFFE ID, and which IDs may talk to which is
 * the authorization policy's job, using {@link #peerIdentity(SSLSession)}.
 *
 * <p>The bundle is read once per handshake from a volatile field, so {@link #updateBundle} (after
 * a root rotation) applies from the next handshake on, without rebuilding any {@code SslContext}.
 * Failures are {@link CertificateException}s saying exactly why; TLS reports them to the peer as
 * an alert and to the local side as an {@code SSLHandshakeException} caused by them.
 */
public final class SpiffeTrustManager extends X509ExtendedTrustManager {

    // RFC 5280, section 4.2.1.12.
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final String trustDomain;
    private final Clock clock;
    private volatile TrustBundle bundle;

    private SpiffeTrustManager(TrustBundle bundle, String trustDomain, Clock clock) {
        this.bundle = bundle;
        this.trustDomain = trustDomain;
        this.clock = clock;
    }

    /** A trust manager for peers of {@code trustDomain} under {@code bundle}, on the system clock. */
    public static SpiffeTrustManager create(TrustBundle bundle, String trustDomain) {
        return create(bundle, trustDomain, Clock.systemUTC());
    }

    /** As {@link #create(TrustBundle, String)}, judging validity by {@code clock}. */
    public static SpiffeTrustManager create(TrustBundle bundle, String trustDomain, Clock clock) {
        requireNonNull(bundle, "bundle");
        requireNonNull(clock, "clock");
        return new SpiffeTrustManager(bundle, SpiffeId.checkTrustDomain(trustDomain), clock);
    }

    /** Replaces the trust bundle; handshakes from now on use the new one. */
    public void updateBundle(TrustBundle bundle) {
        this.bundle = requireNonNull(bundle, "bundle");
    }

    /** The trust bundle in use. */
    public TrustBundle bundle() {
        return bundle;
    }

    /** The trust domain peers must belong to. */
    public String trustDomain() {
        return trustDomain;
    }

    /** Verifies a TLS client's chain (leaf first) as a handshake does and returns its SPIFFE ID. */
    public SpiffeId verifyClient(List<X509Certificate> chain) throws CertificateException {
        return verify(chain, "client", CLIENT_AUTH);
    }

    /** Verifies a TLS server's chain (leaf first) as a handshake does and returns its SPIFFE ID. */
    public SpiffeId verifyServer(List<X509Certificate> chain) throws CertificateException {
        return verify(chain, "server", SERVER_AUTH);
    }

    private SpiffeId verify(List<X509Certificate> chain, String role, String purpose) throws CertificateException {
        requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new CertificateException("no " + role + " certificate presented");
        }
        Instant now = clock.instant();
        TrustBundle current = bundle;
        current.verify(chain, now);
        X509Certificate leaf = chain.get(0);
        SpiffeId id = SpiffeId.fromCertificate(leaf);
        if (!id.trustDomain().equals(trustDomain)) {
            throw new CertificateException(role + " " + id + " is in trust domain " + id.trustDomain()
                    + " (expected: " + trustDomain + ")");
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException(role + " " + id + " presented a CA certificate (expected: an X.509-SVID "
                    + "leaf with CA:false)");
        }
        checkPurpose(leaf, id, role, purpose);
        return id;
    }

    /**
     * The SPIFFE ID of the peer of a session whose handshake this trust manager verified.
     *
     * @throws SSLPeerUnverifiedException when the peer presented no certificate or its leaf has no
     *     single SPIFFE ID
     */
    public static SpiffeId peerIdentity(SSLSession session) throws SSLPeerUnverifiedException {
        requireNonNull(session, "session");
        Certificate[] chain = session.getPeerCertificates();
        try {
            return peerIdentity(chain);
        } catch (CertificateException e) {
            SSLPeerUnverifiedException unverified = new SSLPeerUnverifiedException(e.getMessage());
            unverified.initCause(e);
            throw unverified;
        }
    }

    /** The SPIFFE ID of the leaf of a verified peer chain. */
    public static SpiffeId peerIdentity(Certificate[] chain) throws CertificateException {
        requireNonNull(chain, "chain");
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new CertificateException("peer presented no X.509 certificate");
        }
        return SpiffeId.fromCertificate(leaf);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyClient(listOf(chain));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verifyClient(listOf(chain));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifyClient(listOf(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyServer(listOf(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verifyServer(listOf(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifyServer(listOf(chain));
    }

    /**
     * None, deliberately. A TLS server sends these as the CA names of its certificate request, and
     * JDK (and Netty) key managers then withhold a client certificate from any other CA, so the
     * server would only see "empty client certificate chain". Naming none makes a client always
     * present its SVID, and {@link #verifyClient} says precisely why it is refused (unknown issuer,
     * expired, ...). A workload holds one SVID, so there is nothing for the names to select. The
     * roots are in {@link #bundle()}.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    // TLS stacks pass null or an empty array when the peer sent nothing.
    private static List<X509Certificate> listOf(X509Certificate[] chain) {
        return chain == null ? List.of() : List.of(chain);
    }

    private static void checkPurpose(X509Certificate leaf, SpiffeId id, String role, String purpose)
            throws CertificateException {
        List<String> purposes;
        try {
            purposes = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateException(role + " " + id + " has an unreadable extendedKeyUsage", e);
        }
        // RFC 5280: without the extension, the key may serve any purpose.
        if (purposes != null && !purposes.contains(purpose)) {
            throw new CertificateException(role + " " + id + " is not allowed for TLS "
                    + (purpose.equals(CLIENT_AUTH) ? "clients (extendedKeyUsage lacks clientAuth)"
                            : "servers (extendedKeyUsage lacks serverAuth)"));
        }
    }
}
