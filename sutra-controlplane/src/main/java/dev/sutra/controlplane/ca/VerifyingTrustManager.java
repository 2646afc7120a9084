package dev.sutra.controlplane.ca;

import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.tls.SpiffeTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS port's check of client certificates: {@link SpiffeTrustManager} under the current trust
 * bundle, plus a WARN line naming the peer and the reason for every refused client (the client
 * itself only sees a TLS alert). Client certificates are optional on this port, so this runs only
 * for clients that present one.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {

    private static final Logger log = LoggerFactory.getLogger(VerifyingTrustManager.class);

    private final SpiffeTrustManager spiffe;

    VerifyingTrustManager(TrustBundle bundle, String trustDomain) {
        this.spiffe = SpiffeTrustManager.create(bundle, trustDomain);
    }

    /** Trusts {@code bundle} from the next handshake on (after a rotation step). */
    void updateBundle(TrustBundle bundle) {
        spiffe.updateBundle(bundle);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            spiffe.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            String peer = engine == null || engine.getPeerHost() == null ? "a client"
                    : engine.getPeerHost() + ":" + engine.getPeerPort();
            log.warn("TLS port refused the client certificate of {}: {}", peer, e.getMessage());
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType, (SSLEngine) null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClientTrusted(chain, authType, (SSLEngine) null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        spiffe.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        spiffe.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        spiffe.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return spiffe.getAcceptedIssuers();
    }
}
