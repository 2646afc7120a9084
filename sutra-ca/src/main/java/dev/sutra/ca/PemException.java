package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/** PEM text that could not be read as what was expected; the message names the source. */
public final class PemException extends IOException {

    private final String source;

    /**
     * @param source the file or the role of the text ({@code "CSR"}) the problem is in
     * @param problem what was wrong, and what was expected
     */
    public PemException(String source, String problem) {
        super(requireNonNull(source, "source") + ": " + requireNonNull(problem, "problem"));
        this.source = source;
    }

    public PemException(String source, String problem, Throwable cause) {
        super(requireNonNull(source, "source") + ": " + requireNonNull(problem, "problem"), cause);
        this.source = source;
    }

    /** The file or the role of the text the problem is in. */
    public String source() {
        return source;
    }
}
