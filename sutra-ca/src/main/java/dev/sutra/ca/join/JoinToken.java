package dev.sutra.ca.join;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.RootPin;
import dev.sutra.ca.SpiffeId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * What a join token says: the one identity it lets its holder obtain a certificate for, until
 * when, and the pin of the root the holder should trust.
 *
 * @param id a random identifier, for logs and audit (never the token itself)
 * @param identity the identity the token allows
 * @param expiresAt the last instant the token is accepted (whole seconds)
 * @param rootPin the pin of the CA root at the time of issue
 */
public record JoinToken(String id, SpiffeId identity, Instant expiresAt, RootPin rootPin) {

    static final String VERSION = "sutra1";
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    public JoinToken {
        requireNonNull(id, "id");
        requireNonNull(identity, "identity");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(rootPin, "rootPin");
        if (id.isEmpty() || !id.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            throw new IllegalArgumentException("id: \"" + id + "\" (expected: base64url characters)");
        }
    }

    /**
     * Reads a token's claims <em>without</em> checking its MAC or expiry: for the proxy, which
     * needs the root pin before it can talk to anyone and has no key to check with. Never grant
     * anything on what this returns; the control plane uses {@link JoinTokens#verify}.
     */
    public static JoinToken readUnverified(String token) throws InvalidJoinTokenException {
        requireNonNull(token, "token");
        return parsePayload(Parts.split(token).payload());
    }

    /** The payload text, as the MAC covers it. */
    String payload() {
        return identity.uri() + " " + expiresAt.getEpochSecond() + " " + rootPin + " " + id;
    }

    static JoinToken parsePayload(byte[] payload) throws InvalidJoinTokenException {
        String[] fields = new String(payload, StandardCharsets.UTF_8).split(" ", -1);
        if (fields.length != 4) {
            throw malformed("payload has " + fields.length + " fields (expected: 4)");
        }
        try {
            return new JoinToken(fields[3], SpiffeId.parse(fields[0]), Instant.ofEpochSecond(Long.parseLong(fields[1])),
                    new RootPin(fields[2]));
        } catch (RuntimeException e) {
            // NumberFormatException, DateTimeException or IllegalArgumentException from the fields.
            throw malformed("payload does not parse: " + e.getMessage());
        }
    }

    static InvalidJoinTokenException malformed(String problem) {
        return new InvalidJoinTokenException(InvalidJoinTokenException.Reason.MALFORMED,
                "join token is malformed: " + problem + " (expected: " + VERSION + ".<payload>.<mac>)");
    }

    /**
     * A token split into its parts.
     *
     * @param signed {@code sutra1.<payload>}, the bytes the MAC covers
     * @param payload the decoded payload
     * @param mac the decoded MAC
     */
    record Parts(String signed, byte[] payload, byte[] mac) {

        static Parts split(String token) throws InvalidJoinTokenException {
            String trimmed = token.strip();
            String[] parts = trimmed.split("\\.", -1);
            if (parts.length != 3) {
                throw malformed(parts.length + " dot-separated parts");
            }
            if (!parts[0].equals(VERSION)) {
                throw malformed("version \"" + parts[0] + "\"");
            }
            try {
                return new Parts(parts[0] + "." + parts[1], DECODER.decode(parts[1]), DECODER.decode(parts[2]));
            } catch (IllegalArgumentException e) {
                throw malformed("not base64url: " + e.getMessage());
            }
        }
    }
}
