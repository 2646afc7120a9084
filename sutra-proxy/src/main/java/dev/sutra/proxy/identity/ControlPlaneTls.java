package dev.sutra.proxy.identity;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The xDS channel's TLS to the control plane: the workload certificate as client certificate
 * (kept current across renewals by the identity's key manager) and the mesh's roots, looked up at
 * each handshake, as trust.
 */
public final class ControlPlaneTls {

    private ControlPlaneTls() {
    }

    public static ChannelCredentials credentials(IdentityManager identity) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(identity.keyManager())
                .trustManager(new CurrentTrust(identity))
                .build();
    }

    /** Delegates to the identity's trust manager of the moment. */
    private static final class CurrentTrust extends X509ExtendedTrustManager {
        private final IdentityManager identity;

        CurrentTrust(IdentityManager identity) {
            this.identity = identity;
        }

        private X509ExtendedTrustManager delegate() throws CertificateException {
            X509ExtendedTrustManager t = identity.trust();
            if (t == null) {
                throw new CertificateException("no trust bundle yet: waiting for the first certificate");
            }
            return t;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
