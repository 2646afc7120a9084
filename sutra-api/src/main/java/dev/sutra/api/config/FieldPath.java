package dev.sutra.api.config;

import dev.sutra.api.Nullable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A path to a field of a resource, printed as people read it ({@code spec.http[0].route[1].weight})
 * and convertible to the JSON pointer ({@code /spec/http/0/route/1/weight}) that
 * {@link SourceIndex} keys positions by. Immutable; {@link #child} and {@link #index} share the
 * parent.
 */
public final class FieldPath {

    /** The resource itself. */
    public static final FieldPath ROOT = new FieldPath(null, null, -1);

    private final @Nullable FieldPath parent;
    private final @Nullable String name;
    private final int index;

    private FieldPath(@Nullable FieldPath parent, @Nullable String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    /** A path from dotted names, for example {@code of("spec", "http")}. */
    public static FieldPath of(String... names) {
        FieldPath path = ROOT;
        for (String n : names) {
            path = path.child(n);
        }
        return path;
    }

    /** The field {@code name} of this object. */
    public FieldPath child(String name) {
        return new FieldPath(this, name, -1);
    }

    /** The element {@code index} of this list. */
    public FieldPath index(int index) {
        return new FieldPath(this, null, index);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** The path one level up; the root is its own parent. */
    public FieldPath parent() {
        return parent == null ? this : parent;
    }

    /** The JSON pointer form, {@code /spec/http/0}; empty for the root. */
    public String pointer() {
        StringBuilder out = new StringBuilder();
        for (FieldPath p : segments()) {
            out.append('/');
            if (p.name != null) {
                out.append(p.name.replace("~", "~0").replace("/", "~1"));
            } else {
                out.append(p.index);
            }
        }
        return out.toString();
    }

    /** Parses a JSON pointer; numeric segments become list indexes. */
    public static FieldPath fromPointer(String pointer) {
        FieldPath path = ROOT;
        if (pointer.isEmpty()) {
            return path;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String segment = raw.replace("~1", "/").replace("~0", "~");
            path = isIndex(segment) ? path.index(Integer.parseInt(segment)) : path.child(segment);
        }
        return path;
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private Deque<FieldPath> segments() {
        Deque<FieldPath> all = new ArrayDeque<>();
        for (FieldPath p = this; p.parent != null; p = p.parent) {
            all.addFirst(p);
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.pointer().equals(pointer());
    }

    @Override
    public int hashCode() {
        return pointer().hashCode();
    }

    /** {@code spec.http[0].route[1].weight}; empty for the root. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (FieldPath p : segments()) {
            if (p.name != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(p.name);
            } else {
                out.append('[').append(p.index).append(']');
            }
        }
        return out.toString();
    }
}
