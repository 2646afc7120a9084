package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A self-signed root the CA created, as kept in its state directory.
 *
 * @param id its number in the state directory; each new root takes the next number
 * @param certificate the self-signed certificate
 * @param key the private key
 */
record StoredRoot(int id, X509Certificate certificate, PrivateKey key) {

    StoredRoot {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
    }
}
