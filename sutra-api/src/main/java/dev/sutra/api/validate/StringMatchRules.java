package dev.sutra.api.validate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchPrefix;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatchRegex;

/**
 * String matches and regular expressions. Envoy compiles regexes with RE2, so they are checked with
 * RE2's Java port: a Java-only construct such as a lookahead fails here rather than in a proxy's NACK.
 */
final class StringMatchRules {

    /** Envoy bounds a regex by its compiled program size, which always exceeds its length; Istio bounds the length. */
    private static final int MAX_REGEX_LENGTH = 1024;

    private StringMatchRules() {
    }

    /**
     * Checks a match at {@code path}. An empty prefix is an error except on a URI, where Envoy reads it
     * as "any path" (Istio accepts it there and nowhere else). A match with no type is left alone:
     * on a header it means "present".
     */
    static void check(Checks checks, FieldPath path, @Nullable StringMatch match, boolean emptyPrefixAllowed) {
        if (match == null) {
            return;
        }
        switch (match.getMatchType()) {
            case StringMatchPrefix p when !emptyPrefixAllowed && Nulls.isEmpty(p.getPrefix()) ->
                    checks.invalid(path.child("prefix"), Nulls.string(p.getPrefix()),
                            "a non-empty prefix; to match any value, match the header's presence with {}");
            case StringMatchRegex r -> checkRegex(checks, path.child("regex"), r.getRegex());
            case null, default -> {
                // Exact matches take any text; a match without a type means presence.
            }
        }
    }

    /** Checks that {@code regex} is a non-empty RE2 expression Envoy accepts. */
    static void checkRegex(Checks checks, FieldPath path, @Nullable String regex) {
        if (Nulls.isEmpty(regex)) {
            checks.invalid(path, Nulls.string(regex), "a non-empty RE2 regular expression");
            return;
        }
        if (regex.length() > MAX_REGEX_LENGTH) {
            checks.error(path, "a regex of " + regex.length() + " characters (expected: at most " + MAX_REGEX_LENGTH + ")");
            return;
        }
        String problem = regexProblem(regex);
        if (problem != null) {
            checks.invalid(path, regex, "an RE2 regular expression (" + problem + "); see https://github.com/google/re2/wiki/Syntax");
        }
    }

    /** Why {@code regex} does not compile under RE2, or null. */
    static @Nullable String regexProblem(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            boolean whole = e.getPattern().isEmpty() || e.getPattern().equals(regex);
            return e.getDescription() + (whole ? "" : " at " + Checks.show(e.getPattern()));
        }
    }

    /** The text a match compares with, whatever its type; null when it has none. */
    static @Nullable String value(StringMatch match) {
        return switch (match.getMatchType()) {
            case StringMatchExact e -> e.getExact();
            case StringMatchPrefix p -> p.getPrefix();
            case StringMatchRegex r -> r.getRegex();
            case null, default -> null;
        };
    }
}
