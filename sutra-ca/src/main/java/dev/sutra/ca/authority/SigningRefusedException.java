package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

/** The CA refused a certificate signing request; the message says what was asked and why not. */
public final class SigningRefusedException extends Exception {

    /** Why a request was refused, for the caller's status codes and metrics. */
    public enum Reason {
        /** The CSR is not signed by the key it carries. */
        BAD_SIGNATURE,
        /** The CSR asks for an identity other than the one the caller's credential allows. */
        IDENTITY_NOT_ALLOWED,
        /** The CSR's public key is of a type or size the CA does not certify. */
        UNSUPPORTED_KEY
    }

    private final Reason reason;

    public SigningRefusedException(Reason reason, String message) {
        super(requireNonNull(message, "message"));
        this.reason = requireNonNull(reason, "reason");
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
