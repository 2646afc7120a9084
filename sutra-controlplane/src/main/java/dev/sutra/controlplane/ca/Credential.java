package dev.sutra.controlplane.ca;

import dev.sutra.ca.SpiffeId;
import dev.sutra.ca.join.JoinToken;

/** What a caller of {@code CreateCertificate} proved, and so which identity it may obtain. */
sealed interface Credential {

    /** The one identity this credential allows. */
    SpiffeId identity();

    /** How the caller authenticated, for messages; never the token itself. */
    String describe();

    /** How the issued certificate is recorded. */
    IssuedCertificates.Source source();

    /** A verified join token: a proxy's first certificate. */
    record Token(JoinToken token) implements Credential {

        @Override
        public SpiffeId identity() {
            return token.identity();
        }

        @Override
        public String describe() {
            return "join token " + token.id() + " for " + token.identity();
        }

        @Override
        public IssuedCertificates.Source source() {
            return IssuedCertificates.Source.JOIN_TOKEN;
        }
    }

    /** A verified client certificate: renewal of the identity it carries. */
    record Certificate(SpiffeId identity, String serialHex) implements Credential {

        @Override
        public String describe() {
            return "client certificate " + serialHex + " of " + identity;
        }

        @Override
        public IssuedCertificates.Source source() {
            return IssuedCertificates.Source.RENEWAL;
        }
    }
}
