package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Envoy's virtual host search: exact domains, then suffix wildcards ({@code *.foo.com},
 * {@code *-bar.foo.com}) longest first, then prefix wildcards ({@code foo.*}) longest first, then
 * {@code *}. Matching is case-insensitive and a wildcard never matches an empty string.
 *
 * <p>The port is part of the host: {@code a.com:8080} does not match a domain {@code a.com}
 * (Envoy does not retry without the port), unless the route configuration sets
 * {@code ignore_port_in_host_matching}, which strips the request's port before matching (never the
 * domains').
 */
final class DomainIndex {
    private final @Nullable DomainTable exact;
    private final int[] suffixLengths;
    private final DomainTable[] suffixTables;
    private final int[] prefixLengths;
    private final DomainTable[] prefixTables;
    private final @Nullable VirtualHostEntry fallback;
    private final boolean ignorePort;

    private DomainIndex(Builder b) {
        exact = table(b.exact);
        suffixLengths = lengths(b.suffixes);
        suffixTables = tables(b.suffixes);
        prefixLengths = lengths(b.prefixes);
        prefixTables = tables(b.prefixes);
        fallback = b.fallback;
        ignorePort = b.ignorePort;
    }

    @Nullable
    VirtualHostEntry find(@Nullable String authority) {
        // With only "*" there is nothing to compare: even a request without authority gets it.
        if (exact == null && suffixTables.length == 0 && prefixTables.length == 0) {
            return fallback;
        }
        if (authority == null) {
            return null;
        }
        int end = authority.length();
        if (ignorePort) {
            int port = portStart(authority);
            if (port >= 0) {
                end = port;
            }
        }
        if (exact != null) {
            VirtualHostEntry v = exact.get(authority, 0, end);
            if (v != null) {
                return v;
            }
        }
        for (int i = 0; i < suffixLengths.length; i++) {
            int n = suffixLengths[i];
            // Strictly shorter: "*.foo.com" must not match ".foo.com".
            if (n < end) {
                VirtualHostEntry v = suffixTables[i].get(authority, end - n, end);
                if (v != null) {
                    return v;
                }
            }
        }
        for (int i = 0; i < prefixLengths.length; i++) {
            int n = prefixLengths[i];
            if (n < end) {
                VirtualHostEntry v = prefixTables[i].get(authority, 0, n);
                if (v != null) {
                    return v;
                }
            }
        }
        return fallback;
    }

    /**
     * Where the port starts (the last {@code :}), or -1; a colon inside an IPv6 literal's
     * brackets is not a port separator. Mirrors Envoy's {@code HeaderUtility::getPortStart}.
     */
    static int portStart(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        int bracket = host.lastIndexOf(']');
        return bracket < 0 || bracket < colon ? colon : -1;
    }

    private static @Nullable DomainTable table(List<Entry> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        DomainTable t = new DomainTable(entries.size());
        for (Entry e : entries) {
            t.add(e.key(), e.vhost());
        }
        return t;
    }

    private static int[] lengths(TreeMap<Integer, List<Entry>> byLength) {
        return byLength.descendingKeySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private static DomainTable[] tables(TreeMap<Integer, List<Entry>> byLength) {
        List<DomainTable> out = new ArrayList<>();
        for (List<Entry> group : byLength.descendingMap().values()) {
            out.add(table(group));
        }
        return out.toArray(new DomainTable[0]);
    }

    /** A lower-case domain (without its wildcard) and its virtual host. */
    private record Entry(String key, VirtualHostEntry vhost) {
    }

    static Builder builder(boolean ignorePort) {
        return new Builder(ignorePort);
    }

    static final class Builder {
        private final boolean ignorePort;
        private final List<Entry> exact = new ArrayList<>();
        private final TreeMap<Integer, List<Entry>> suffixes = new TreeMap<>();
        private final TreeMap<Integer, List<Entry>> prefixes = new TreeMap<>();
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        private @Nullable VirtualHostEntry fallback;

        private Builder(boolean ignorePort) {
            this.ignorePort = ignorePort;
        }

        /**
         * Adds a domain (any case). Returns an error text for a duplicate, else null. As in
         * Envoy, a leading {@code *} makes a suffix wildcard and otherwise a trailing {@code *} a
         * prefix wildcard; {@code *} alone is the default.
         */
        @Nullable
        String add(String domain, VirtualHostEntry vhost) {
            String d = Ascii.toLowerCase(domain);
            if (d.equals("*")) {
                if (fallback != null) {
                    return "only a single wildcard domain \"*\" is permitted";
                }
                fallback = vhost;
                return null;
            }
            if (!seen.add(d)) {
                return "duplicate domain \"" + d + "\" (domains must be unique across virtual hosts)";
            }
            if (d.startsWith("*")) {
                suffixes.computeIfAbsent(d.length() - 1, k -> new ArrayList<>())
                        .add(new Entry(d.substring(1), vhost));
            } else if (d.endsWith("*")) {
                prefixes.computeIfAbsent(d.length() - 1, k -> new ArrayList<>())
                        .add(new Entry(d.substring(0, d.length() - 1), vhost));
            } else {
                exact.add(new Entry(d, vhost));
            }
            return null;
        }

        DomainIndex build() {
            return new DomainIndex(this);
        }
    }
}
