package dev.sutra.api.config;

import static java.util.Objects.requireNonNull;

/**
 * A place in a config source: file, 1-based line and column. Printed as {@code file:line:column},
 * the form editors and terminals turn into links.
 */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        requireNonNull(file, "file");
    }

    /** A position for input that has no file, such as a request body. */
    public static SourcePosition unknown(String source) {
        return new SourcePosition(source, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + ":" + column;
    }
}
