package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/**
 * An open-addressing map from lower-case strings to virtual hosts that is queried with a region of
 * a larger string, folding ASCII case on the fly: the authority is never copied or lower-cased per
 * request.
 */
final class DomainTable {
    private final String[] keys;
    private final VirtualHostEntry[] values;
    private final int mask;
    private int size;

    DomainTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[capacity];
        values = new VirtualHostEntry[capacity];
        mask = capacity - 1;
    }

    /** Adds a lower-case key; false when it is already present. */
    boolean add(String key, VirtualHostEntry value) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("table sized for fewer keys");
        }
        int i = hash(key, 0, key.length()) & mask;
        while (keys[i] != null) {
            if (keys[i].equals(key)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return true;
    }

    /** The value for {@code s[from, to)} compared case-insensitively, or null. */
    @Nullable
    VirtualHostEntry get(String s, int from, int to) {
        int i = hash(s, from, to) & mask;
        String key;
        while ((key = keys[i]) != null) {
            if (key.length() == to - from && Ascii.regionMatches(s, from, key, true)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + Ascii.toLower(s.charAt(i));
        }
        return h ^ (h >>> 16);
    }
}
