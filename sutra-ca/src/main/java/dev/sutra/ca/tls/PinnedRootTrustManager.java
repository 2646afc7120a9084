package dev.sutra.ca.tls;

import dev.sutra.ca.RootPin;
import dev.sutra.ca.TrustBundle;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * First trust, before the proxy holds any certificate or bundle: the control plane's chain must
 * end in a self-signed root whose public key hashes to the pin the join token carries (kubeadm's
 * discovery-token-ca-cert-hash), and the chain must verify up to it. The root found is handed on,
 * so it becomes the proxy's first trust bundle. Tests of the TLS port trust it the same way.
 */
public final class PinnedRootTrustManager extends X509ExtendedTrustManager {

    private final RootPin pin;
    private final Consumer<X509Certificate> rootFound;

    /** Trusts a server whose chain holds the root {@code pin} names; {@code rootFound} gets that root. */
    public PinnedRootTrustManager(RootPin pin, Consumer<X509Certificate> rootFound) {
        this.pin = pin;
        this.rootFound = rootFound;
    }

    /** Trusts a server whose chain holds the root {@code pin} names. */
    public PinnedRootTrustManager(RootPin pin) {
        this(pin, root -> { });
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate root = null;
        for (X509Certificate c : chain) {
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && pin.matches(c)) {
                root = c;
            }
        }
        if (root == null) {
            throw new CertificateException("the control plane's chain has no root matching the join token's pin "
                    + pin + " (wrong control plane, or a token from another mesh)");
        }
        TrustBundle.of(root).verify(List.of(chain), Instant.now());
        rootFound.accept(root);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned-root trust manager only verifies servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
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
