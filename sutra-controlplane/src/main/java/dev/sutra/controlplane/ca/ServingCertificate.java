package dev.sutra.controlplane.ca;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.authority.IssuedCertificate;
import dev.sutra.ca.authority.ServingNames;
import io.grpc.util.AdvancedTlsX509KeyManager;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS port's own certificate: a fresh P-256 key and a certificate from the mesh CA, renewed
 * at half its life (and at once after a root rotation step) by swapping the key manager's
 * material. Handshakes from then on present the new certificate; open connections and the server
 * itself stay up.
 *
 * <p>The chain presented ends with the signing root, although TLS lets a server leave it out: a
 * new proxy holds only the root's pin from its join token, and needs the root itself to check it.
 */
final class ServingCertificate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServingCertificate.class);
    /** How soon to retry a renewal that failed. */
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final Duration MIN_WAIT = Duration.ofSeconds(1);

    private final MeshCa ca;
    private final ServingNames names;
    private final Duration ttl;
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sutra-serving-cert");
        t.setDaemon(true);
        return t;
    });
    private volatile IssuedCertificate current;
    private ScheduledFuture<?> next;

    private ServingCertificate(MeshCa ca, ServingNames names, Duration ttl) {
        this.ca = ca;
        this.names = names;
        this.ttl = ttl;
    }

    /** Issues the first certificate and schedules its renewals. */
    static ServingCertificate start(MeshCa ca, ServingNames names, Duration ttl) {
        ServingCertificate serving = new ServingCertificate(ca, names, ttl);
        serving.renew();
        return serving;
    }

    /** The key manager for the TLS port's {@code SslContext}; it always holds the current certificate. */
    X509KeyManager keyManager() {
        return keyManager;
    }

    /** The certificate handshakes present now: the leaf, then intermediates, without the root. */
    IssuedCertificate current() {
        return current;
    }

    /** Renews now, off the caller's thread, and reschedules (after a root rotation step). */
    void renewSoon() {
        scheduler.execute(this::renew);
    }

    private synchronized void renew() {
        try {
            KeyPair keys = EcdsaKeys.generate();
            IssuedCertificate issued = ca.issueServing(keys.getPublic(), names, ttl);
            List<X509Certificate> presented = new ArrayList<>(issued.chain());
            presented.add(ca.signingRoot());
            keyManager.updateIdentityCredentials(presented.toArray(X509Certificate[]::new), keys.getPrivate());
            current = issued;
            CertificateInfo info = CertificateInfo.of(issued.leaf(), Instant.now());
            log.info("TLS port certificate serial {} for {} valid until {}", info.serialHex(), names.dnsNames(),
                    info.notAfter());
            schedule(halfLife(issued.leaf()));
        } catch (RuntimeException e) {
            log.warn("renewing the TLS port certificate failed; retrying in {} s", RETRY.toSeconds(), e);
            schedule(RETRY);
        }
    }

    // Half the certificate's life from its notBefore, as workloads renew theirs; at least a second
    // from now, so a certificate cut short by the end of the CA's chain cannot make this spin.
    private static Duration halfLife(X509Certificate leaf) {
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant at = notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
        Duration wait = Duration.between(Instant.now(), at);
        return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    }

    private void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        if (!scheduler.isShutdown()) {
            next = scheduler.schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
