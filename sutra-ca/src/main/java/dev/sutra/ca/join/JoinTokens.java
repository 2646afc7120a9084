package dev.sutra.ca.join;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.OwnerOnlyFiles;
import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies join tokens, with an HMAC-SHA256 key kept in the control plane's state
 * directory ({@value #KEY_FILE}, mode 0600, created on first start). Deleting the key file
 * invalidates every token issued so far. Thread-safe.
 */
public final class JoinTokens {

    /** The key file's name in the state directory. */
    public static final String KEY_FILE = "join-token.key";
    /** A token's lifetime when the caller names none. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private static final String ALGORITHM = "HmacSHA256";
    // RFC 2104, section 3: a key as long as the hash output is enough; shorter keys weaken the MAC.
    private static final int KEY_BYTES = 32;
    private static final int ID_BYTES = 9;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random;

    private JoinTokens(SecretKeySpec key, Clock clock, SecureRandom random) {
        this.key = key;
        this.clock = clock;
        this.random = random;
    }

    /** Loads the MAC key from {@code stateDirectory}, creating directory and key on first start. */
    public static JoinTokens open(Path stateDirectory, Clock clock) throws IOException {
        requireNonNull(stateDirectory, "stateDirectory");
        requireNonNull(clock, "clock");
        SecureRandom random = new SecureRandom();
        Path file = stateDirectory.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            OwnerOnlyFiles.createDirectory(stateDirectory);
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            OwnerOnlyFiles.write(file, fresh);
        }
        OwnerOnlyFiles.requireOwnerOnly(file);
        byte[] key = Files.readAllBytes(file);
        if (key.length != KEY_BYTES) {
            throw new IOException(file + ": " + key.length + " bytes (expected: a " + KEY_BYTES
                    + "-byte key; delete the file to create a new one, which invalidates issued tokens)");
        }
        return new JoinTokens(new SecretKeySpec(key, ALGORITHM), clock, random);
    }

    /**
     * Issues a token that lets its holder obtain a certificate for {@code identity} until
     * {@code ttl} from now, carrying {@code rootPin} (usually of {@code CertificateAuthority.signingRoot()}).
     *
     * @return the printable token; give it only to the workload it is for
     */
    public String issue(SpiffeId identity, RootPin rootPin, Duration ttl) {
        requireNonNull(identity, "identity");
        requireNonNull(rootPin, "rootPin");
        requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1 second)");
        }
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        JoinToken token = new JoinToken(ENCODER.encodeToString(id), identity, expiresAt, rootPin);
        String payload = ENCODER.encodeToString(token.payload().getBytes(StandardCharsets.UTF_8));
        String signed = JoinToken.VERSION + "." + payload;
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /**
     * Checks a token's MAC and expiry.
     *
     * @return what the token allows
     * @throws InvalidJoinTokenException when malformed, not issued with this control plane's key
     *     (or altered), or expired
     */
    public JoinToken verify(String token) throws InvalidJoinTokenException {
        requireNonNull(token, "token");
        JoinToken.Parts parts = JoinToken.Parts.split(token);
        // Constant-time comparison: a timing difference would let a forger find the MAC byte by byte.
        if (!MessageDigest.isEqual(mac(parts.signed()), parts.mac())) {
            throw new InvalidJoinTokenException(InvalidJoinTokenException.Reason.NOT_AUTHENTIC,
                    "join token" + claims(parts) + " failed authentication: it was altered or issued by "
                            + "another control plane");
        }
        JoinToken claims = JoinToken.parsePayload(parts.payload());
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt())) {
            throw new InvalidJoinTokenException(InvalidJoinTokenException.Reason.EXPIRED, "join token "
                    + claims.id() + " for " + claims.identity() + " expired at " + claims.expiresAt() + " (now "
                    + now + ")");
        }
        return claims;
    }

    // What an unauthenticated token claims, for the operator reading the log; never acted upon.
    private static String claims(JoinToken.Parts parts) {
        try {
            JoinToken claimed = JoinToken.parsePayload(parts.payload());
            return " " + claimed.id() + " (claiming " + claimed.identity() + ")";
        } catch (InvalidJoinTokenException e) {
            return "";
        }
    }

    private byte[] mac(String signed) {
        try {
            // Mac instances are stateful; one per call keeps this class thread-safe without locks.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }
}
