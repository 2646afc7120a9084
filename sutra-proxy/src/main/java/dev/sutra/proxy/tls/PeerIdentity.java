package dev.sutra.proxy.tls;

import dev.sutra.ca.SpiffeId;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;

/**
 * Who is on the other end of a mutual-TLS connection: its SPIFFE ID and leaf certificate, kept on
 * the channel for later stages (authorization, access logs, metrics, x-forwarded-client-cert).
 */
public record PeerIdentity(SpiffeId id, X509Certificate leaf, String protocol, String cipher, String certHash) {

    public static final AttributeKey<PeerIdentity> KEY = AttributeKey.valueOf("sutra.peer");

    /** The peer of a verified session; the certificate's hash is computed once, here. */
    public static PeerIdentity of(SpiffeId id, X509Certificate leaf, String protocol, String cipher) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            return new PeerIdentity(id, leaf, protocol, cipher, java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 or an encodable certificate is missing", e);
        }
    }

    /**
     * This peer as one element of Envoy's {@code x-forwarded-client-cert}:
     * {@code By=<our SPIFFE ID>;Hash=<sha-256 of the peer certificate>;URI=<peer SPIFFE ID>}.
     */
    public String xfcc(String by) {
        return "By=" + by + ";Hash=" + certHash + ";URI=" + id.uri();
    }

    /** The peer of {@code channel}, or of its parent for an HTTP/2 stream; null on plaintext. */
    public static PeerIdentity of(Channel channel) {
        PeerIdentity p = channel.attr(KEY).get();
        if (p == null && channel.parent() != null) {
            p = channel.parent().attr(KEY).get();
        }
        return p;
    }
}
