package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import java.util.regex.Pattern;

/**
 * Host name rules as Istio applies them: DNS-1123 labels (Istio accepts upper case too), a wildcard
 * only in the first label, no all-numeric top-level label (so an IP address is not a host name), and
 * the {@code namespace/host} form of Sidecar egress and Gateway server hosts.
 */
final class HostRules {

    static final String EXPECTED_HOST =
            "a DNS name, optionally starting with a * label, like reviews, reviews.bookinfo.svc.cluster.local or *.example.com";
    static final String EXPECTED_FQDN = "a DNS name without wildcards, like api.example.com";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final Pattern WILDCARD_LABEL = Pattern.compile("\\*|(?:\\*|\\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?");

    private HostRules() {
    }

    static boolean isDnsLabel(String value) {
        return value.length() <= 63 && DNS_LABEL.matcher(value).matches();
    }

    /** What is wrong with {@code domain} as a host that may start with a wildcard label, or null. */
    static @Nullable String wildcardDomainProblem(String domain) {
        String precondition = lengthProblem(domain);
        if (precondition != null) {
            return precondition;
        }
        int dot = domain.indexOf('.');
        String first = dot < 0 ? domain : domain.substring(0, dot);
        if (first.length() > 63 || !WILDCARD_LABEL.matcher(first).matches()) {
            return "has an invalid first label " + Checks.show(first);
        }
        return dot < 0 ? null : labelsProblem(domain.substring(dot + 1));
    }

    /** What is wrong with {@code fqdn} as a host name without wildcards, or null. */
    static @Nullable String fqdnProblem(String fqdn) {
        String precondition = lengthProblem(fqdn);
        return precondition != null ? precondition : labelsProblem(fqdn);
    }

    /** Checks a host that may start with a wildcard label; {@code allowIp} for hosts that may be addresses. */
    static void checkWildcardDomain(Checks checks, FieldPath path, String host, boolean allowIp) {
        String problem = wildcardDomainProblem(host);
        if (problem != null && !(allowIp && Addresses.isIp(host))) {
            checks.error(path, Checks.show(host) + " " + problem + " (expected: " + EXPECTED_HOST + ")");
        }
    }

    /** Istio allows a wildcard only as a whole first label: {@code *.example.com}, not {@code *example.com}. */
    static boolean isPartialWildcard(String host) {
        return host.contains("*") && !host.equals("*") && !host.startsWith("*.");
    }

    /**
     * Checks {@code namespace/host} as Sidecar egress hosts and Gateway server hosts write it. A
     * gateway also accepts a bare host (the older form) and an IP address.
     */
    static void checkNamespaceSlashHost(Checks checks, FieldPath path, String value, boolean gateway) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            if (gateway) {
                checkScopedHostPart(checks, path, value, value, true);
            } else {
                checks.invalid(path, value, "namespace/host, like ./reviews.bookinfo.svc.cluster.local or istio-system/*");
            }
            return;
        }
        String namespace = value.substring(0, slash);
        String host = value.substring(slash + 1);
        if (namespace.isEmpty() || host.isEmpty()) {
            checks.invalid(path, value, "namespace/host with both parts set, like ./*");
            return;
        }
        String ns = gateway ? namespace : stripTilde(namespace);
        if (!ns.equals("*") && !ns.equals(".") && !isDnsLabel(ns)) {
            checks.invalid(path, value, "a namespace of *, . or a namespace name before the /");
            return;
        }
        checkScopedHostPart(checks, path, value, host, gateway);
    }

    private static void checkScopedHostPart(Checks checks, FieldPath path, String value, String host, boolean gateway) {
        if (!host.equals("*") && !host.contains(".")) {
            checks.invalid(path, value, "a fully qualified host after the /, not the short name " + Checks.show(host));
            return;
        }
        String problem = wildcardDomainProblem(host);
        if (problem != null && !(gateway && Addresses.isIp(host))) {
            checks.error(path, Checks.show(value) + " " + problem + " (expected: " + EXPECTED_HOST + ")");
            return;
        }
        if (isPartialWildcard(host)) {
            checks.invalid(path, value, "a wildcard only as the whole first label, like *.example.com");
        }
    }

    private static String stripTilde(String namespace) {
        return namespace.startsWith("~") ? namespace.substring(1) : namespace;
    }

    private static @Nullable String lengthProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > 255) {
            return "is longer than 255 characters";
        }
        return null;
    }

    private static @Nullable String labelsProblem(String domain) {
        String[] labels = domain.split("\\.", -1);
        String top = labels[labels.length - 1];
        if (!top.isEmpty() && top.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "has an all-numeric top-level label " + Checks.show(top);
        }
        for (int i = 0; i < labels.length; i++) {
            // A trailing dot (an absolute name such as "istio.io.") leaves an empty last label.
            if (i == labels.length - 1 && labels[i].isEmpty() && labels.length > 1) {
                return null;
            }
            if (!isDnsLabel(labels[i])) {
                return labels[i].isEmpty() ? "has an empty label" : "has an invalid label " + Checks.show(labels[i]);
            }
        }
        return null;
    }
}
