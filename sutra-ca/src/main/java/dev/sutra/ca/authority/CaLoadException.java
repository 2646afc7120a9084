package dev.sutra.ca.authority;

import java.io.IOException;

/**
 * The CA's files are readable but not usable: a key that does not match its certificate, a
 * certificate that is not a CA, a chain that does not lead to a root, a corrupt state file. The
 * message names the file and the problem.
 */
public final class CaLoadException extends IOException {

    public CaLoadException(String message) {
        super(message);
    }

    public CaLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
