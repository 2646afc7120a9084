package dev.sutra.ca.join;

import static java.util.Objects.requireNonNull;

/** A join token was refused; the message says why, without repeating the token itself. */
public final class InvalidJoinTokenException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        /** Not of the form {@code sutra1.<payload>.<mac>}, or the payload does not parse. */
        MALFORMED,
        /** The MAC does not verify: altered, or issued by another control plane. */
        NOT_AUTHENTIC,
        /** Past its expiry. */
        EXPIRED
    }

    private final Reason reason;

    public InvalidJoinTokenException(Reason reason, String message) {
        super(requireNonNull(message, "message"));
        this.reason = requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
