package dev.sutra.proxy.identity;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.ca.Csr;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TrustBundle;
import dev.sutra.ca.tls.PinnedRootTrustManager;
import dev.sutra.ca.join.InvalidJoinTokenException;
import dev.sutra.ca.join.JoinToken;
import dev.sutra.ca.tls.SpiffeTrustManager;
import io.grpc.util.AdvancedTlsX509KeyManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy as its own node agent: it generates its key in memory, has the control plane's CA
 * sign a CSR for its SPIFFE ID, keeps key and chain in its state directory (owner-only), and
 * renews at half the certificate's life with jitter, early when the mesh's signing root changes.
 * The trust bundle starts from the state directory, a root file, or the join token's pin, and then
 * follows the {@code ROOTCA} secret the control plane serves.
 */
public final class IdentityManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdentityManager.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /**
     * @param identity the SPIFFE ID to hold
     * @param stateDir where key, chain and bundle are kept
     * @param caHost the control plane's host
     * @param caPort its TLS port (15012)
     * @param joinToken the join token, for the first certificate; null with {@code caRootFile}
     * @param caRootFile the mesh's roots, when first trust comes from a file instead of a token's pin
     */
    public record Settings(SpiffeId identity, Path stateDir, String caHost, int caPort, @Nullable String joinToken,
            @Nullable Path caRootFile) {
        public Settings {
            requireNonNull(identity, "identity");
            requireNonNull(stateDir, "stateDir");
            requireNonNull(caHost, "caHost");
        }
    }

    private final Settings settings;
    private final IdentityStore store;
    private final CaClient ca;
    private final @Nullable RootPin pin;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sutra-identity");
        t.setDaemon(true);
        return t;
    });
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final CompletableFuture<WorkloadCertificate> first = new CompletableFuture<>();
    private final List<Consumer<WorkloadCertificate>> certificateListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<TrustBundle>> bundleListeners = new CopyOnWriteArrayList<>();
    private volatile @Nullable WorkloadCertificate current;
    private volatile @Nullable SpiffeTrustManager trust;
    private int failures;

    private IdentityManager(Settings settings) throws IOException {
        this.settings = settings;
        this.store = new IdentityStore(settings.stateDir());
        this.ca = new CaClient(settings.caHost(), settings.caPort());
        this.pin = settings.joinToken() == null ? null : readPin(settings.joinToken());
    }

    /** Loads what the state directory holds and starts fetching or renewing in the background. */
    public static IdentityManager start(Settings settings) throws IOException {
        IdentityManager m = new IdentityManager(settings);
        m.boot();
        return m;
    }

    private void boot() throws IOException {
        TrustBundle bundle = settings.caRootFile() != null ? TrustBundle.read(settings.caRootFile())
                : store.loadBundle().orElse(null);
        if (bundle != null) {
            trust = SpiffeTrustManager.create(bundle, settings.identity().trustDomain());
        }
        WorkloadCertificate saved = store.load(settings.identity()).orElse(null);
        if (saved != null && trust != null && saved.usableAt(Instant.now(), margin(saved))) {
            log.info("using the saved certificate for {} (serial {}, valid until {})", saved.identity(),
                    saved.serialHex(), saved.notAfter());
            install(saved, false);
            return;
        }
        if (pin == null && trust == null) {
            throw new IOException("no way to trust the control plane: give a join token (--join-token) or the "
                    + "mesh's root certificate (--ca-root-file)");
        }
        scheduler.execute(this::renew);
    }

    /** The certificate in force, or null before the first one arrived. */
    public @Nullable WorkloadCertificate current() {
        return current;
    }

    /** Completes with the first certificate (from the state directory or the CA). */
    public CompletableFuture<WorkloadCertificate> firstCertificate() {
        return first.copy();
    }

    /** The trust manager for mesh peers, or null before any bundle is known. */
    public @Nullable SpiffeTrustManager trust() {
        return trust;
    }

    /** A key manager that always holds the current certificate (for the xDS channel to the control plane). */
    public AdvancedTlsX509KeyManager keyManager() {
        return keyManager;
    }

    public SpiffeId identity() {
        return settings.identity();
    }

    public void onCertificate(Consumer<WorkloadCertificate> listener) {
        certificateListeners.add(listener);
    }

    public void onBundle(Consumer<TrustBundle> listener) {
        bundleListeners.add(listener);
    }

    /**
     * A new trust bundle (the {@code ROOTCA} secret). Handshakes from now on use it; when its
     * signing root (the first) no longer issued our certificate, renew soon (a root rotation).
     */
    public void updateBundle(TrustBundle bundle) {
        SpiffeTrustManager t = trust;
        if (t != null && t.bundle().equals(bundle)) {
            return;
        }
        if (t == null) {
            trust = SpiffeTrustManager.create(bundle, settings.identity().trustDomain());
        } else {
            t.updateBundle(bundle);
        }
        try {
            store.saveBundle(bundle);
        } catch (IOException e) {
            log.warn("cannot save the trust bundle: {}", e.getMessage());
        }
        log.info("trust bundle now {}", bundle.pins());
        bundleListeners.forEach(l -> l.accept(bundle));
        WorkloadCertificate c = current;
        if (c != null && !issuedBy(c, bundle.roots().get(0))) {
            long delay = ThreadLocalRandom.current().nextLong(1, 3000);
            log.info("the mesh's signing root changed: renewing in {} ms", delay);
            scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean issuedBy(WorkloadCertificate c, X509Certificate root) {
        try {
            TrustBundle.of(root).verify(c.chain(), Instant.now());
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Gets a new certificate: with the current one as credential when it is still good, else the token. */
    private void renew() {
        WorkloadCertificate now = current;
        boolean useCurrent = now != null && now.usableAt(Instant.now(), Duration.ZERO);
        try {
            X509TrustManager caTrust = trust != null ? trust
                    : new PinnedRootTrustManager(pin, root -> updateBundle(TrustBundle.of(root)));
            KeyPair keys = EcdsaKeys.generate();
            List<X509Certificate> chain = ca.sign(Csr.create(keys, settings.identity()), caTrust,
                    useCurrent ? now : null, settings.joinToken());
            WorkloadCertificate next = new WorkloadCertificate(settings.identity(), keys.getPrivate(), chain);
            failures = 0;
            install(next, true);
        } catch (IOException | RuntimeException e) {
            failures++;
            long delay = Math.min(MAX_RETRY.toMillis(), 500L << Math.min(failures, 10));
            if (now != null && !now.usableAt(Instant.now(), Duration.ZERO)) {
                log.error("certificate for {} expired at {} and renewal fails: {}; retrying in {} ms",
                        settings.identity(), now.notAfter(), e.getMessage(), delay);
            } else {
                log.warn("cannot get a certificate for {} from {}: {}; retrying in {} ms", settings.identity(),
                        ca.target(), e.getMessage(), delay);
            }
            scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void install(WorkloadCertificate cert, boolean save) {
        current = cert;
        keyManager.updateIdentityCredentials(cert.chain().toArray(X509Certificate[]::new), cert.key());
        if (save) {
            try {
                store.save(cert);
            } catch (IOException e) {
                log.warn("cannot save the certificate to {}: {}", settings.stateDir(), e.getMessage());
            }
            log.info("certificate for {} issued: serial {}, valid until {}", cert.identity(), cert.serialHex(),
                    cert.notAfter());
        }
        certificateListeners.forEach(l -> l.accept(cert));
        first.complete(cert);
        double jitter = ThreadLocalRandom.current().nextDouble(-0.1, 0.1);
        long delay = Math.max(0, Duration.between(Instant.now(), cert.renewalTime(jitter)).toMillis());
        scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    /** How much life a saved certificate needs left to be worth using: a tenth of it, at least 5 s. */
    private static Duration margin(WorkloadCertificate cert) {
        Duration tenth = cert.lifetime().dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(5)) > 0 ? tenth : Duration.ofSeconds(5);
    }

    private static RootPin readPin(String token) throws IOException {
        try {
            return JoinToken.readUnverified(token).rootPin();
        } catch (InvalidJoinTokenException e) {
            throw new IOException("the join token is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
