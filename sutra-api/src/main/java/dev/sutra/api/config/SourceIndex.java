package dev.sutra.api.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of one document sits in its file, recorded while the document was parsed, so
 * errors found long after binding still point at a line and column.
 */
public final class SourceIndex {

    private final String file;
    private final Map<String, SourcePosition> byPointer;
    private final SourcePosition documentStart;

    SourceIndex(String file, Map<String, SourcePosition> byPointer, SourcePosition documentStart) {
        this.file = file;
        this.byPointer = Map.copyOf(byPointer);
        this.documentStart = documentStart;
    }

    /** An index that knows only where the document starts. */
    public static SourceIndex empty(String file, int line) {
        return new SourceIndex(file, new HashMap<>(), new SourcePosition(file, line, 1));
    }

    public String file() {
        return file;
    }

    /** The position of {@code path}, or of its nearest ancestor that appears in the source. */
    public SourcePosition position(FieldPath path) {
        for (FieldPath p = path; ; p = p.parent()) {
            SourcePosition found = byPointer.get(p.pointer());
            if (found != null) {
                return found;
            }
            if (p.isRoot()) {
                return documentStart;
            }
        }
    }

    /** Where the document begins. */
    public SourcePosition documentStart() {
        return documentStart;
    }
}
