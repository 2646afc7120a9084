package dev.sutra.controlplane.store;

import static java.util.Objects.requireNonNull;

/** Config text and the name errors should give it (a file name, usually). */
public record SourceText(String name, String text) {

    public SourceText {
        requireNonNull(name, "name");
        requireNonNull(text, "text");
    }
}
