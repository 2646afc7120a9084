package dev.sutra.api.validate;

import dev.sutra.api.config.FieldPath;
import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes label syntax, and the workload selectors built from labels. */
final class LabelRules {

    private static final String NAME = "(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern KEY = Pattern.compile(
            "(?:([a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*)/)?(" + NAME + ")");
    private static final Pattern VALUE = Pattern.compile("(?:" + NAME + ")?");
    private static final String EXPECTED_KEY =
            "a label key: an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.'";
    private static final String EXPECTED_VALUE =
            "a label value: up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    private LabelRules() {
    }

    /** Checks the keys and values of {@code labels} at {@code path}. */
    static void check(Checks checks, FieldPath path, Map<String, String> labels) {
        labels.forEach((key, value) -> {
            var m = KEY.matcher(key);
            if (!m.matches() || (m.group(1) != null && m.group(1).length() > 253) || m.group(2).length() > 63) {
                checks.invalid(path.child(key), key, EXPECTED_KEY);
            } else if (value != null && (value.length() > 63 || !VALUE.matcher(value).matches())) {
                checks.invalid(path.child(key), value, EXPECTED_VALUE);
            }
        });
    }

    /**
     * Checks a workload selector's labels: Istio matches them exactly, so an empty key or a '*'
     * (which a reader might take for a wildcard) is an error.
     */
    static void checkSelector(Checks checks, FieldPath path, Map<String, String> labels) {
        labels.forEach((key, value) -> {
            if (key.isEmpty()) {
                checks.invalid(path.child(key), key, "a non-empty label key");
            } else if (key.contains("*") || (value != null && value.contains("*"))) {
                checks.invalid(path.child(key), key.contains("*") ? key : value,
                        "an exact label; selectors do not support wildcards");
            }
        });
    }
}
