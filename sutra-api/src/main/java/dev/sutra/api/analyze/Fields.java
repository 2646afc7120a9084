package dev.sutra.api.analyze;

import dev.sutra.api.Nullable;
import java.util.List;
import java.util.Map;

/** Null-safe reads of fabric8 model fields, which analyzers see even in config that did not validate. */
final class Fields {

    private Fields() {
    }

    static <T> List<T> list(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> map(@Nullable Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
