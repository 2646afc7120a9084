package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A workload identity in Sutra's form, {@code spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>},
 * validated as the SPIFFE ID specification requires: a lower-case trust domain of letters,
 * digits, {@code .}, {@code -} and {@code _}; path segments of letters, digits, {@code .},
 * {@code -} and {@code _}, none empty, none {@code .} or {@code ..}; no port, user info, query or
 * fragment; at most 2048 bytes.
 *
 * @param trustDomain the trust domain, for example {@code cluster.local}
 * @param namespace the namespace the workload runs in
 * @param serviceAccount the service account the workload runs as
 */
public record SpiffeId(String trustDomain, String namespace, String serviceAccount) {

    /** The trust domain used when none is configured, as in Istio. */
    public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";

    private static final String SCHEME = "spiffe://";
    // SPIFFE ID spec, section 2.3: URIs longer than 2048 bytes must be rejected.
    private static final int MAX_ID_LENGTH = 2048;
    // SPIFFE ID spec, section 2.1: a trust domain is at most 255 characters.
    private static final int MAX_TRUST_DOMAIN_LENGTH = 255;
    private static final String SHAPE = "/ns/<namespace>/sa/<service-account>";

    public SpiffeId {
        requireNonNull(trustDomain, "trustDomain");
        requireNonNull(namespace, "namespace");
        requireNonNull(serviceAccount, "serviceAccount");
        String context = "invalid SPIFFE ID: ";
        checkTrustDomain(trustDomain, context);
        checkSegment("namespace", namespace, context);
        checkSegment("service account", serviceAccount, context);
        int length = SCHEME.length() + trustDomain.length() + "/ns/".length() + namespace.length()
                + "/sa/".length() + serviceAccount.length();
        checkLength(length, context);
    }

    /** The identity of {@code serviceAccount} in {@code namespace} in the default trust domain. */
    public static SpiffeId of(String namespace, String serviceAccount) {
        return new SpiffeId(DEFAULT_TRUST_DOMAIN, namespace, serviceAccount);
    }

    /**
     * Parses {@code spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>}.
     *
     * @throws IllegalArgumentException naming the input and what is wrong with it
     */
    public static SpiffeId parse(String id) {
        requireNonNull(id, "id");
        // Quote at most the first 100 characters: the input may be anything a peer sent.
        String quoted = id.length() > 100 ? id.substring(0, 100) + "..." : id;
        String context = "invalid SPIFFE ID \"" + quoted + "\": ";
        checkLength(id.length(), context);
        if (!id.startsWith(SCHEME)) {
            throw new IllegalArgumentException(context + "scheme is not \"spiffe://\" (expected: spiffe://"
                    + "<trust-domain>" + SHAPE + ")");
        }
        if (id.indexOf('?') >= 0 || id.indexOf('#') >= 0) {
            throw new IllegalArgumentException(context + "query and fragment are not allowed");
        }
        String rest = id.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        checkTrustDomain(slash < 0 ? rest : rest.substring(0, slash), context);
        if (slash < 0) {
            throw new IllegalArgumentException(context + "no path (expected: " + SHAPE + ")");
        }
        String path = rest.substring(slash);
        if (path.endsWith("/")) {
            throw new IllegalArgumentException(context + "path \"" + path + "\" ends with '/'");
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            checkSegment("path \"" + path + "\": segment", segment, context);
        }
        if (segments.length != 4 || !segments[0].equals("ns") || !segments[2].equals("sa")) {
            throw new IllegalArgumentException(context + "path \"" + path + "\" is not of the form " + SHAPE);
        }
        return new SpiffeId(rest.substring(0, slash), segments[1], segments[3]);
    }

    /**
     * Checks a trust domain name on its own (for configuration).
     *
     * @return {@code trustDomain}
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String checkTrustDomain(String trustDomain) {
        requireNonNull(trustDomain, "trustDomain");
        checkTrustDomain(trustDomain, "");
        return trustDomain;
    }

    /**
     * Reads the SPIFFE ID of an X.509-SVID: its one and only URI subject alternative name. Checks
     * nothing else about the certificate; verify the chain first.
     *
     * @throws CertificateException when the certificate carries no URI SAN, several, or one that
     *     is not a valid SPIFFE ID of this form
     */
    public static SpiffeId fromCertificate(X509Certificate certificate) throws CertificateException {
        requireNonNull(certificate, "certificate");
        List<String> uris = SubjectAltNames.uris(certificate);
        String who = "certificate " + CertificateInfo.describe(certificate);
        if (uris.isEmpty()) {
            throw new CertificateException(who + " has no SPIFFE ID (no URI subject alternative name)");
        }
        if (uris.size() > 1) {
            // X509-SVID spec, section 2: an SVID carries exactly one URI SAN.
            throw new CertificateException(who + " has " + uris.size() + " URI subject alternative names "
                    + uris + " (expected: exactly one SPIFFE ID)");
        }
        try {
            return parse(uris.get(0));
        } catch (IllegalArgumentException e) {
            throw new CertificateException(who + " has no usable SPIFFE ID: " + e.getMessage(), e);
        }
    }

    /** This ID as a URI string, {@code spiffe://td/ns/ns/sa/sa}. */
    public String uri() {
        return SCHEME + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
    }

    /** Same as {@link #uri()}. */
    @Override
    public String toString() {
        return uri();
    }

    private static void checkLength(int length, String context) {
        if (length > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    context + length + " characters (expected: at most " + MAX_ID_LENGTH + ")");
        }
    }

    private static void checkTrustDomain(String trustDomain, String context) {
        if (trustDomain.isEmpty()) {
            throw new IllegalArgumentException(context + "trust domain is empty");
        }
        if (trustDomain.length() > MAX_TRUST_DOMAIN_LENGTH) {
            throw new IllegalArgumentException(context + "trust domain has " + trustDomain.length()
                    + " characters (expected: at most " + MAX_TRUST_DOMAIN_LENGTH + ")");
        }
        for (int i = 0; i < trustDomain.length(); i++) {
            char c = trustDomain.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException(context + "trust domain \"" + trustDomain + "\" has character '"
                        + c + "'" + hint(c) + " (expected: lower-case letters, digits, '.', '-', '_')");
            }
        }
    }

    private static String hint(char c) {
        if (c >= 'A' && c <= 'Z') {
            return ", trust domains are lower-case";
        }
        if (c == ':') {
            return ", a port is not allowed";
        }
        if (c == '@') {
            return ", user info is not allowed";
        }
        return "";
    }

    private static void checkSegment(String what, String segment, String context) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException(context + what + " is empty");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException(context + what + " \"" + segment + "\" is not allowed");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException(context + what + " \"" + segment + "\" has character '" + c
                        + "' (expected: letters, digits, '.', '-', '_')");
            }
        }
    }
}
