package dev.sutra.ca.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.TestClock;
import dev.sutra.ca.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JoinTokensTest {

    @TempDir
    Path state;

    private final TestClock clock = TestClock.startingNow();
    private final SpiffeId alice = SpiffeId.of("ns-a", "alice");
    private final RootPin pin = RootPin.of(
            TestPki.root("pinned", clock.instant(), clock.instant().plusSeconds(60)).certificate());

    @Test
    void verifiedTokenAllowsTheIdentityItWasIssuedFor() throws Exception {
        JoinTokens tokens = JoinTokens.open(state, clock);
        String token = tokens.issue(alice, pin, Duration.ofMinutes(10));

        JoinToken verified = tokens.verify(token);

        assertThat(token).matches("sutra1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        assertThat(verified.identity()).isEqualTo(alice);
        assertThat(verified.rootPin()).isEqualTo(pin);
        assertThat(verified.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(verified.id()).hasSize(12);
    }

    @Test
    void proxyReadsTheRootPinWithoutTheKey() throws Exception {
        String token = JoinTokens.open(state, clock).issue(alice, pin, Duration.ofMinutes(10));

        JoinToken unverified = JoinToken.readUnverified(token);

        assertThat(unverified.rootPin()).isEqualTo(pin);
        assertThat(unverified.identity()).isEqualTo(alice);
    }

    @Test
    void keyIsCreatedOnceOwnerOnlyAndSurvivesRestarts() throws Exception {
        String token = JoinTokens.open(state, clock).issue(alice, pin, Duration.ofMinutes(10));
        Path keyFile = state.resolve(JoinTokens.KEY_FILE);
        byte[] key = Files.readAllBytes(keyFile);

        JoinTokens restarted = JoinTokens.open(state, clock);

        assertThat(restarted.verify(token).identity()).isEqualTo(alice);
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(key).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void refusesATokenWhosePayloadWasChangedToAnotherIdentity() throws Exception {
        JoinTokens tokens = JoinTokens.open(state, clock);
        String token = tokens.issue(alice, pin, Duration.ofMinutes(10));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forgedPayload = payload.replace("/ns/ns-a/sa/alice", "/ns/ns-b/sa/bob");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(forgedPayload).isNotEqualTo(payload);
        assertThatThrownBy(() -> tokens.verify(forged))
                .isInstanceOf(InvalidJoinTokenException.class)
                .hasMessage("join token " + JoinToken.readUnverified(token).id() + " (claiming "
                        + "spiffe://cluster.local/ns/ns-b/sa/bob) failed authentication: it was altered or issued by "
                        + "another control plane")
                .extracting(e -> ((InvalidJoinTokenException) e).reason())
                .isEqualTo(InvalidJoinTokenException.Reason.NOT_AUTHENTIC);
    }

    @Test
    void refusesATokenWithAnAlteredMac() throws Exception {
        JoinTokens tokens = JoinTokens.open(state, clock);
        String token = tokens.issue(alice, pin, Duration.ofMinutes(10));
        char last = token.charAt(token.length() - 2);
        String altered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertThatThrownBy(() -> tokens.verify(altered)).hasMessageContaining("failed authentication");
    }

    @Test
    void refusesATokenOfAnotherControlPlane() throws Exception {
        String foreign = JoinTokens.open(state.resolve("other"), clock).issue(alice, pin, Duration.ofMinutes(10));

        assertThatThrownBy(() -> JoinTokens.open(state, clock).verify(foreign))
                .hasMessageContaining("failed authentication: it was altered or issued by another control plane");
    }

    @Test
    void refusesAnExpiredTokenSayingWhen() throws Exception {
        JoinTokens tokens = JoinTokens.open(state, clock);
        String token = tokens.issue(alice, pin, Duration.ofSeconds(30));
        JoinToken claims = tokens.verify(token);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tokens.verify(token)).isEqualTo(claims);

        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(InvalidJoinTokenException.class)
                .hasMessage("join token " + claims.id() + " for spiffe://cluster.local/ns/ns-a/sa/alice expired at "
                        + claims.expiresAt() + " (now " + clock.instant() + ")")
                .extracting(e -> ((InvalidJoinTokenException) e).reason())
                .isEqualTo(InvalidJoinTokenException.Reason.EXPIRED);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                            | 1 dot-separated parts
            sutra1.abc                    | 2 dot-separated parts
            sutra2.YWJj.YWJj              | version "sutra2"
            sutra1.a*c.YWJj               | not base64url
            sutra1.YWJj.YWJj              | payload has 1 fields (expected: 4)
            """)
    void refusesMalformedTokensWithoutEchoingThem(String token, String problem) throws Exception {
        JoinTokens tokens = JoinTokens.open(state, clock);

        assertThatThrownBy(() -> JoinToken.readUnverified(token))
                .isInstanceOf(InvalidJoinTokenException.class)
                .hasMessageStartingWith("join token is malformed: " + problem)
                .hasMessageEndingWith("(expected: sutra1.<payload>.<mac>)");
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidJoinTokenException.class);
    }

    @Test
    void refusesAKeyFileOfTheWrongSize() throws Exception {
        Files.write(state.resolve(JoinTokens.KEY_FILE), new byte[7]);
        Files.setPosixFilePermissions(state.resolve(JoinTokens.KEY_FILE), PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> JoinTokens.open(state, clock))
                .hasMessageStartingWith(state.resolve(JoinTokens.KEY_FILE) + ": 7 bytes (expected: a 32-byte key");
    }
}
