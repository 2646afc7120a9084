/**
 * Join tokens: how a new proxy obtains its first certificate. The control plane {@link
 * dev.sutra.ca.join.JoinTokens#issue issues} a token bound to one identity, with an expiry and the
 * pin of the CA's root; the proxy {@link dev.sutra.ca.join.JoinToken#readUnverified reads} the pin
 * (no key needed) to trust the right root before it holds any certificate, then presents the token
 * with its CSR; the control plane {@link dev.sutra.ca.join.JoinTokens#verify verifies} it and signs
 * a CSR for that identity only.
 *
 * <p>Format: {@code sutra1.<payload>.<mac>}, both parts base64url without padding. The payload is
 * UTF-8 text {@code <spiffe-id> <expiry-epoch-seconds> <root-pin> <token-id>}; the MAC is
 * HMAC-SHA256 over {@code sutra1.<payload>} with a key only the control plane holds. The payload
 * is readable by anyone holding the token: it is a credential, not a secret envelope.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.ca.join;
