package dev.sutra.controlplane.store;

import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.Documents;
import dev.sutra.api.config.ResourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The config directory on disk: which files hold config, and edits that replace or remove one
 * document of a file while leaving the others exactly as their authors wrote them. Writes go to a
 * temporary file first and are moved into place, so a reader never sees half a file.
 */
final class ConfigFiles {

    /** Temporary files start with this and are never read as config. */
    static final String TEMP_PREFIX = ".sutra-tmp-";

    private final Path dir;

    ConfigFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Config files under the directory, in a stable order; hidden and temporary files are skipped. */
    List<Path> list() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(ConfigFiles::isConfig)
                    .sorted()
                    .toList();
        }
    }

    static boolean isConfig(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /** Replaces the document that holds {@code existing} with {@code text}. */
    void replace(ConfigResource<?> existing, String text) throws IOException {
        Path file = Path.of(existing.source().file());
        List<String> docs = documents(file);
        docs.set(existing.source().document(), text);
        write(file, Documents.join(docs));
    }

    /** Removes the document that holds {@code existing}, and the file when nothing else is left. */
    void remove(ConfigResource<?> existing) throws IOException {
        Path file = Path.of(existing.source().file());
        List<String> docs = documents(file);
        docs.remove(existing.source().document());
        boolean empty = docs.stream().allMatch(d -> new Documents.Document(0, 1, d).isBlank());
        if (empty) {
            Files.deleteIfExists(file);
        } else {
            write(file, Documents.join(docs));
        }
    }

    /** A new file for a resource no file holds yet: {@code virtualservice-default-reviews.yaml}. */
    Path create(ResourceKey key, String text) throws IOException {
        String base = key.kind().kind().toLowerCase(Locale.ROOT) + "-" + key.namespace() + "-" + key.name();
        Path file = dir.resolve(base + ".yaml");
        for (int i = 2; Files.exists(file); i++) {
            file = dir.resolve(base + "-" + i + ".yaml");
        }
        write(file, text.endsWith("\n") ? text : text + "\n");
        return file;
    }

    private static List<String> documents(Path file) throws IOException {
        List<String> docs = new ArrayList<>();
        for (Documents.Document d : Documents.split(Files.readString(file, StandardCharsets.UTF_8))) {
            docs.add(d.text());
        }
        return docs;
    }

    private void write(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), TEMP_PREFIX, ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
