package dev.sutra.controlplane.ca;

import dev.sutra.ca.RootPin;
import dev.sutra.ca.TrustBundle;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How a new proxy trusts the TLS port before it holds any certificate: the server's chain must end
 * with a root whose pin is the join token's, and validate up to it. (The server presents its root
 * for exactly this.)
 */
final class PinnedRoot extends X509ExtendedTrustManager {

    private final RootPin pin;

    PinnedRoot(RootPin pin) {
        this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate last = chain[chain.length - 1];
        if (!pin.matches(last)) {
            throw new CertificateException("server chain ends with " + RootPin.of(last) + " (expected: " + pin + ")");
        }
        TrustBundle.of(last).verify(List.of(chain), Instant.now());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
