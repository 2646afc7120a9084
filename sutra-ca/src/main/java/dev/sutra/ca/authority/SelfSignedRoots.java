package dev.sutra.ca.authority;

import dev.sutra.ca.CertificateInfo;
import dev.sutra.ca.EcdsaKeys;
import dev.sutra.ca.OwnerOnlyFiles;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roots the CA creates itself and keeps in its state directory; the one mode that can rotate.
 * Reads are lock-free (one volatile read of an immutable {@link Issuer}); transitions are
 * serialized and write the new state to disk before publishing it, so what signs is always what a
 * restart would load.
 */
final class SelfSignedRoots implements IssuerSource {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedRoots.class);

    private final CaStore store;
    private final CertificateSigner signer;
    private final Clock clock;
    private final Duration rootValidity;
    private final String trustDomain;
    // One volatile reference, so a reader never pairs the state of one stage with the issuer of another.
    private volatile Published published;

    /** A state and the signing material derived from it. */
    private record Published(CaState state, Issuer issuer) {

        static Published of(CaState state) {
            StoredRoot signing = state.signing();
            return new Published(state, Issuer.root(signing.certificate(), signing.key(), state.bundle()));
        }
    }

    private SelfSignedRoots(CaStore store, CertificateSigner signer, Clock clock, Duration rootValidity,
            String trustDomain, CaState state) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.rootValidity = rootValidity;
        this.trustDomain = trustDomain;
        this.published = Published.of(state);
    }

    /** Loads the roots from {@code store}, creating the first one on first start. */
    static SelfSignedRoots open(CaStore store, CertificateSigner signer, Clock clock, Duration rootValidity,
            String trustDomain) throws IOException {
        OwnerOnlyFiles.createDirectory(store.directory());
        Optional<CaState> loaded = store.load();
        CaState state;
        if (loaded.isPresent()) {
            state = loaded.get();
            log.info("Loaded root CA {} from {} (rotation stage {})", describe(state.signing()), store.directory(),
                    state.stage());
        } else {
            StoredRoot first = createRoot(store, signer, clock, rootValidity, trustDomain, 1);
            state = new CaState.Steady(first);
            store.save(state);
            log.info("Created root CA {} in {}", describe(first), store.directory());
        }
        return new SelfSignedRoots(store, signer, clock, rootValidity, trustDomain, state);
    }

    @Override
    public Issuer issuer() {
        return published.issuer();
    }

    @Override
    public RotationStage stage() {
        return published.state().stage();
    }

    synchronized void beginRotation() throws IOException {
        if (!(published.state() instanceof CaState.Steady steady)) {
            throw wrongStage("begin a rotation", RotationStage.STEADY);
        }
        StoredRoot next = createRoot(store, signer, clock, rootValidity, trustDomain, steady.nextId());
        publish(steady.begin(next));
        log.info("Root rotation: staged new root {} in the trust bundle; {} still signs", describe(next),
                describe(steady.active()));
    }

    synchronized void activate() throws IOException {
        if (!(published.state() instanceof CaState.Staged staged)) {
            throw wrongStage("activate the new root", RotationStage.STAGED);
        }
        publish(staged.activate());
        log.info("Root rotation: new root {} signs now; {} stays trusted until retired", describe(staged.next()),
                describe(staged.active()));
    }

    synchronized void retireOld() throws IOException {
        if (!(published.state() instanceof CaState.Activated activated)) {
            throw wrongStage("retire the old root", RotationStage.ACTIVATED);
        }
        publish(activated.retire());
        // Deleted only once the state no longer names it: a crash in between leaves a stray file, not a broken CA.
        store.deleteRoot(activated.previous());
        log.info("Root rotation: retired old root {}", describe(activated.previous()));
    }

    private void publish(CaState next) throws IOException {
        store.save(next);
        published = Published.of(next);
    }

    private IllegalStateException wrongStage(String action, RotationStage expected) {
        return new IllegalStateException("cannot " + action + " in rotation stage " + stage()
                + " (expected: " + expected + ")");
    }

    private static StoredRoot createRoot(CaStore store, CertificateSigner signer, Clock clock, Duration validity,
            String trustDomain, int id) throws IOException {
        // A random tag in the name keeps roots of unrelated installations with the same trust
        // domain apart in path building and in error messages: the low 32 bits of a fresh serial.
        String tag = signer.serial().toString(16).substring(24);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, trustDomain)
                .addRDN(BCStyle.CN, "Sutra root CA " + id + " " + tag)
                .build();
        KeyPair keys = EcdsaKeys.generate();
        StoredRoot root = new StoredRoot(id, signer.root(keys, subject, clock.instant(), validity), keys.getPrivate());
        store.writeRoot(root);
        return root;
    }

    private static String describe(StoredRoot root) {
        CertificateInfo info = CertificateInfo.of(root.certificate(), root.certificate().getNotBefore().toInstant());
        return "'" + info.identity() + "' (valid until " + info.notAfter() + ")";
    }
}
