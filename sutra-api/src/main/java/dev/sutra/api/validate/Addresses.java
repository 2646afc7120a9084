package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;

/**
 * IP addresses, CIDR blocks, Unix socket paths and port numbers, parsed by hand so that nothing here
 * ever consults DNS (unlike {@code InetAddress.getByName}). The syntax is Go's {@code netip}, which
 * Istio uses: no leading zeros in IPv4 parts, IPv6 with {@code ::} compression, an optional
 * embedded IPv4 tail and a zone.
 */
final class Addresses {

    static final String UNIX_PREFIX = "unix://";
    static final String EXPECTED_PORT = "1 to 65535";

    private Addresses() {
    }

    static boolean isIp(String value) {
        return value.contains(":") ? isIpv6(value) : isIpv4(value);
    }

    /** {@code a.b.c.d/n} or {@code x::y/n}, or a bare address. */
    static boolean isIpOrCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return isIp(value);
        }
        String address = value.substring(0, slash);
        String bits = value.substring(slash + 1);
        if (address.contains("%") || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Addresses::isDigit)
                || (bits.length() > 1 && bits.charAt(0) == '0')) {
            return false;
        }
        int n = Integer.parseInt(bits);
        return address.contains(":") ? isIpv6(address) && n <= 128 : isIpv4(address) && n <= 32;
    }

    static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Addresses::isDigit)
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String value) {
        String v = value;
        int zone = v.indexOf('%');
        if (zone >= 0) {
            if (zone == v.length() - 1) {
                return false;
            }
            v = v.substring(0, zone);
        }
        int groups = 0;
        int lastColon = v.lastIndexOf(':');
        if (lastColon >= 0 && v.indexOf('.', lastColon) > 0) {
            // An embedded IPv4 tail counts as two groups.
            if (!isIpv4(v.substring(lastColon + 1))) {
                return false;
            }
            v = v.substring(0, lastColon + 1) + "0";
            groups++;
        }
        int compressed = v.indexOf("::");
        if (compressed >= 0 && v.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] sides = compressed >= 0
                ? new String[] {v.substring(0, compressed), v.substring(compressed + 2)}
                : new String[] {v};
        for (String side : sides) {
            if (side.isEmpty()) {
                continue;
            }
            for (String group : side.split(":", -1)) {
                if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(Addresses::isHex)) {
                    return false;
                }
                groups++;
            }
        }
        return compressed >= 0 ? groups <= 7 : groups == 8;
    }

    /** What is wrong with a Unix socket path (after {@code unix://}), or null. */
    static @Nullable String unixPathProblem(String path) {
        if (path.isEmpty()) {
            return "has an empty path";
        }
        if (path.startsWith("@")) {
            // An abstract socket: any name.
            return null;
        }
        if (!path.startsWith("/") || path.endsWith("/")) {
            return "is not an absolute path to a file";
        }
        return null;
    }

    static void checkUnixAddress(Checks checks, FieldPath path, String address) {
        String problem = unixPathProblem(address.substring(UNIX_PREFIX.length()));
        if (problem != null) {
            checks.error(path, Checks.show(address) + " " + problem
                    + " (expected: unix:///absolute/path or unix://@abstract-name)");
        }
    }

    static void checkPort(Checks checks, FieldPath path, @Nullable Number port) {
        if (port != null && (port.longValue() < 1 || port.longValue() > 65535)) {
            checks.invalid(path, port, EXPECTED_PORT);
        }
    }

    static void checkRequiredPort(Checks checks, FieldPath path, @Nullable Number port) {
        if (port == null) {
            checks.missing(path, "a port number from " + EXPECTED_PORT);
        } else {
            checkPort(checks, path, port);
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
