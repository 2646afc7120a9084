package dev.sutra.api.config;

import static java.util.Objects.requireNonNull;

/**
 * Where a resource came from: the file, which document of it, the positions of its fields and the
 * document's own text (kept so a store can rewrite one document of a file and leave the others as
 * their authors wrote them).
 */
public record ResourceSource(String file, int document, SourceIndex index, String text) {

    public ResourceSource {
        requireNonNull(file, "file");
        requireNonNull(index, "index");
        requireNonNull(text, "text");
    }

    public SourcePosition position(FieldPath path) {
        return index.position(path);
    }
}
