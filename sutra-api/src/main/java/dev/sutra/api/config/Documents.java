package dev.sutra.api.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a YAML stream at its document markers, keeping each document's text and first line.
 * A {@code ---} at the start of a line always ends a document in a stream of mappings (content of
 * a block scalar must be indented), so the split needs no YAML parse; each document is then parsed
 * on its own, and one broken document does not hide the errors of the next.
 */
final class Documents {

    /** One document: its index in the file, the line it starts on, its text. */
    record Document(int index, int firstLine, String text) {

        boolean isBlank() {
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

    static List<Document> split(String text) {
        List<Document> documents = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 1;
        for (int i = 0; i < lines.length; i++) {
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
        Document doc = new Document(documents.size(), start, text.toString());
        if (!doc.isBlank()) {
            documents.add(new Document(documents.size(), start, doc.text()));
        }
    }

    private static boolean isMarker(String line) {
        String l = line.stripTrailing();
        return l.equals("---") || l.startsWith("--- ") || l.startsWith("---\t") || l.equals("...");
    }
}
