package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import java.util.List;
import java.util.Map;

/**
 * fabric8's model types leave absent fields null (lists and maps are usually empty, but a document
 * may set them to null explicitly); the validators read them through these.
 */
final class Nulls {

    private Nulls() {
    }

    static <T> List<T> list(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> map(@Nullable Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    static boolean isEmpty(@Nullable String s) {
        return s == null || s.isEmpty();
    }

    static boolean isEmpty(@Nullable List<?> list) {
        return list == null || list.isEmpty();
    }

    static boolean isEmpty(@Nullable Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    static boolean isTrue(@Nullable Boolean b) {
        return b != null && b;
    }

    static long longValue(@Nullable Number n) {
        return n == null ? 0 : n.longValue();
    }

    static String string(@Nullable String s) {
        return s == null ? "" : s;
    }
}
