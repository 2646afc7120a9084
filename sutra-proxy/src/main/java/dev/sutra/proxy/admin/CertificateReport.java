package dev.sutra.proxy.admin;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.tls.SpiffeTrustManager;
import dev.sutra.proxy.identity.IdentityManager;
import dev.sutra.proxy.identity.WorkloadCertificate;
import dev.sutra.proxy.runtime.ProxyRuntime;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** {@code /certs}: the proxy's own certificate and the roots it trusts, with identity, serial and expiry. */
final class CertificateReport {

    private CertificateReport() {
    }

    static String text(ProxyRuntime runtime) {
        IdentityManager identity = runtime.tls().identity();
        if (identity == null) {
            return "no identity: this proxy runs without mTLS\n";
        }
        StringBuilder out = new StringBuilder();
        Instant now = Instant.now();
        WorkloadCertificate cert = identity.current();
        if (cert == null) {
            out.append("workload: none yet (waiting for the CA)\n");
        } else {
            line(out, "workload", CertificateInfo.of(cert.leaf(), now));
        }
        SpiffeTrustManager trust = identity.trust();
        if (trust != null) {
            for (X509Certificate root : trust.bundle().roots()) {
                line(out, "root", CertificateInfo.of(root, now));
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String kind, CertificateInfo info) {
        out.append(kind).append(' ').append(info.identity()).append(" serial=").append(info.serialHex())
                .append(" not_after=").append(info.notAfter()).append(" seconds_left=").append(info.secondsUntilExpiry())
                .append('\n');
    }
}
