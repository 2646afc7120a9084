package dev.sutra.api.mesh;

/**
 * Host name rules shared by validation, translation and analyzers, as Istio applies them.
 */
public final class Hostnames {

    private Hostnames() {
    }

    /**
     * Expands a short name written in a resource of {@code namespace}: {@code reviews} becomes
     * {@code reviews.<namespace>.svc.<suffix>}. A name with a dot, {@code *} and IP addresses are
     * taken as written, exactly as Istio does (so {@code reviews.default} is not expanded).
     */
    public static String resolve(String host, String namespace, String domainSuffix) {
        if (host.isEmpty() || host.equals("*") || host.contains(".") || host.contains(":")) {
            return host;
        }
        return host + "." + namespace + ".svc." + domainSuffix;
    }

    /**
     * Whether {@code pattern} (which may be a {@code *.suffix} wildcard or {@code *}) covers the
     * concrete or wildcard host {@code host}.
     */
    public static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            String suffix = pattern.substring(1);
            return host.startsWith("*") ? host.substring(1).endsWith(suffix) : host.endsWith(suffix);
        }
        return pattern.equals(host);
    }

    /** Whether {@code host} is a wildcard name. */
    public static boolean isWildcard(String host) {
        return host.startsWith("*");
    }
}
