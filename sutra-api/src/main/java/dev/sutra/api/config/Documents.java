package dev.sutra.api.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a YAML stream at its document markers, keeping each document's text and first line.
 * A {@code ---} at the start of a line always ends a document in a stream of mappings (content of
 * a block scalar must be indented), so the split needs no YAML parse; each document is then parsed
 * on its own, and one broken document does not hide the errors of the next.
 */
public final class Documents {

    /** One document: its index in the file, the line it starts on, its text. */
    public record Document(int index, int firstLine, String text) {

        /** Whether the document holds only blank lines and comments. */
        public boolean isBlank() {
            for (String line : text.split("\n", -1)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return false;
                }
            }
            return true;
        }
    }

    private Documents() {
    }

    /** Every document of {@code text}, blank ones included, so a file can be rebuilt around one. */
    public static List<Document> split(String text) {
        List<Document> documents = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // A final newline ends the last line; it does not start another.
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        StringBuilder current = new StringBuilder();
        int start = 1;
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            if (isMarker(line)) {
                add(documents, start, current);
                current.setLength(0);
                start = i + 2;
                continue;
            }
            current.append(line).append('\n');
        }
        add(documents, start, current);
        return documents;
    }

    private static void add(List<Document> documents, int start, StringBuilder text) {
        documents.add(new Document(documents.size(), start, text.toString()));
    }

    /** The documents joined back into one stream, each after a {@code ---} marker but the first. */
    public static String join(List<String> documents) {
        StringBuilder out = new StringBuilder();
        for (String doc : documents) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            out.append(doc);
            if (!doc.isEmpty() && !doc.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isMarker(String line) {
        String l = line.stripTrailing();
        return l.equals("---") || l.startsWith("--- ") || l.startsWith("---\t") || l.equals("...");
    }
}
