package dev.sutra.ca.authority;

import static java.util.Objects.requireNonNull;

import dev.sutra.ca.SpiffeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The names a serving certificate is valid for: DNS names, IP addresses and optionally a SPIFFE ID,
 * for the control plane's own TLS port.
 *
 * @param dnsNames host names, for example {@code localhost} or {@code istiod.example.com}; a
 *     leading {@code *.} is a wildcard
 * @param ipAddresses addresses clients dial, for example {@code 127.0.0.1}
 * @param spiffeId a SPIFFE ID to add as URI SAN, for peers that verify the server by SPIFFE ID
 */
public record ServingNames(List<String> dnsNames, List<InetAddress> ipAddresses, Optional<SpiffeId> spiffeId) {

    public ServingNames {
        dnsNames = List.copyOf(requireNonNull(dnsNames, "dnsNames"));
        ipAddresses = List.copyOf(requireNonNull(ipAddresses, "ipAddresses"));
        requireNonNull(spiffeId, "spiffeId");
        if (dnsNames.isEmpty() && ipAddresses.isEmpty() && spiffeId.isEmpty()) {
            throw new IllegalArgumentException("serving certificate has no names (expected: a DNS name, "
                    + "an IP address or a SPIFFE ID)");
        }
        dnsNames.forEach(ServingNames::checkDnsName);
    }

    /** DNS names and IP addresses, no SPIFFE ID. */
    public static ServingNames of(List<String> dnsNames, List<InetAddress> ipAddresses) {
        return new ServingNames(dnsNames, ipAddresses, Optional.empty());
    }

    /** These names plus {@code id} as URI SAN. */
    public ServingNames withSpiffeId(SpiffeId id) {
        return new ServingNames(dnsNames, ipAddresses, Optional.of(requireNonNull(id, "id")));
    }

    private static void checkDnsName(String name) {
        String host = name.startsWith("*.") ? name.substring(2) : name;
        // RFC 1123 host names: labels of letters, digits and hyphens, at most 253 characters in all.
        boolean ok = !host.isEmpty() && host.length() <= 253 && !host.startsWith(".") && !host.endsWith(".")
                && !host.contains("..") && host.chars().allMatch(
                        c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                                || c == '-' || c == '.');
        if (!ok) {
            throw new IllegalArgumentException("dnsNames: \"" + name + "\" (expected: a host name of letters, "
                    + "digits, '-' and '.', optionally starting with \"*.\")");
        }
    }
}
