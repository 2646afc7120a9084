package dev.sutra.proxy.router;

/**
 * ASCII-only case folding. Envoy folds case with absl's ASCII helpers, so "ignore case" never
 * applies Unicode rules (Java's {@code equalsIgnoreCase} would, e.g. for the Kelvin sign).
 */
final class Ascii {
    private Ascii() {
    }

    static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static String toLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    chars[j] = toLower(chars[j]);
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** Whether {@code s[offset, offset + other.length())} equals {@code other}, maybe folding case. */
    static boolean regionMatches(String s, int offset, String other, boolean ignoreCase) {
        int n = other.length();
        if (offset < 0 || offset + n > s.length()) {
            return false;
        }
        if (!ignoreCase) {
            return s.startsWith(other, offset);
        }
        for (int i = 0; i < n; i++) {
            if (toLower(s.charAt(offset + i)) != toLower(other.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean contains(String s, String needle, boolean ignoreCase) {
        if (!ignoreCase) {
            return s.contains(needle);
        }
        int last = s.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            if (regionMatches(s, i, needle, true)) {
                return true;
            }
        }
        return false;
    }
}
