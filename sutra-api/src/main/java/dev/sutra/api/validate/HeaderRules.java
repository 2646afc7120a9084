package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.Headers;
import io.fabric8.istio.api.api.networking.v1alpha3.HeadersHeaderOperations;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTTP header names and values. Names are RFC 9110 tokens; Envoy matches them case-insensitively, so
 * case is not an error. Values may hold Envoy's {@code %VARIABLE%} substitutions, where a literal
 * percent sign must be doubled.
 */
final class HeaderRules {

    /** The prefix by which a gateway's VirtualService matches a JWT claim instead of a header. */
    static final String JWT_CLAIM_PREFIX = "@request.auth.claims";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~A-Za-z0-9]+");
    private static final Set<String> PSEUDO_HEADERS = Set.of(":method", ":scheme", ":authority", ":path", ":status");
    private static final String EXPECTED_NAME = "a header name of letters, digits and !#$%&'*+-.^_`|~, or a pseudo-header";

    private HeaderRules() {
    }

    /** A header a route matches on: a token, a pseudo-header, or a JWT claim on gateways. */
    static void checkMatchName(Checks checks, FieldPath path, String name) {
        if (name.startsWith(JWT_CLAIM_PREFIX) || PSEUDO_HEADERS.contains(name)) {
            return;
        }
        if (!TOKEN.matcher(name).matches()) {
            checks.invalid(path, name, EXPECTED_NAME);
        }
    }

    static boolean isToken(String name) {
        return TOKEN.matcher(name).matches();
    }

    /** Header additions, replacements and removals on requests and responses. */
    static void checkOperations(Checks checks, FieldPath path, @Nullable Headers headers) {
        if (headers == null) {
            return;
        }
        checkOperations(checks, path.child("request"), headers.getRequest(), true);
        checkOperations(checks, path.child("response"), headers.getResponse(), false);
    }

    private static void checkOperations(Checks checks, FieldPath path, @Nullable HeadersHeaderOperations ops,
            boolean request) {
        if (ops == null) {
            return;
        }
        for (String field : new String[] {"set", "add"}) {
            Map<String, String> values = Nulls.map(field.equals("set") ? ops.getSet() : ops.getAdd());
            values.forEach((name, value) -> {
                FieldPath at = path.child(field).child(name);
                // A request may set the authority (Envoy rewrites the Host header); a response has none.
                checkOperationName(checks, at, name, request);
                checkValue(checks, at, value);
            });
        }
        var remove = Nulls.list(ops.getRemove());
        for (int i = 0; i < remove.size(); i++) {
            checkOperationName(checks, path.child("remove").index(i), remove.get(i), false);
        }
    }

    private static void checkOperationName(Checks checks, FieldPath path, String name, boolean authorityAllowed) {
        if (name.isEmpty()) {
            checks.invalid(path, name, "a non-empty header name");
        } else if (authorityAllowed && isAuthority(name)) {
            return;
        } else if (name.startsWith(":") || name.equalsIgnoreCase("host")) {
            checks.invalid(path, name, "a header Envoy may change; pseudo-headers and Host are managed by the proxy"
                    + (authorityAllowed ? " (use rewrite.authority or :authority)" : ""));
        }
    }

    static boolean isAuthority(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(":authority") || lower.equals("host");
    }

    /** A header value: no control characters but tab, and well-formed {@code %VARIABLE%} substitutions. */
    static void checkValue(Checks checks, FieldPath path, @Nullable String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                checks.invalid(path, value, "a header value without control characters");
                return;
            }
        }
        String problem = substitutionProblem(value);
        if (problem != null) {
            checks.invalid(path, value, problem);
        }
    }

    /**
     * Envoy's substitution syntax: {@code %%} is a literal percent sign, and {@code %NAME%} or
     * {@code %NAME(args)%} a variable; the arguments may be quoted strings holding a '%' or ')'.
     */
    private static @Nullable String substitutionProblem(String value) {
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) != '%') {
                i++;
                continue;
            }
            if (i + 1 < value.length() && value.charAt(i + 1) == '%') {
                i += 2;
                continue;
            }
            int end = variableEnd(value, i + 1);
            if (end < 0) {
                return "a literal % written as %%, or a terminated %VARIABLE% expression";
            }
            i = end + 1;
        }
        return null;
    }

    /** The index of the '%' closing a variable that starts at {@code from}, or -1. */
    private static int variableEnd(String value, int from) {
        boolean quoted = false;
        int depth = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"' && depth > 0) {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '%' && depth <= 0) {
                return i;
            }
        }
        return -1;
    }
}
