package dev.sutra.proxy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How to secure connections to an endpoint, compiled from a cluster's transport socket.
 */
public sealed interface UpstreamTls {

    /**
     * The same TLS offering only HTTP/1.1 in ALPN: for connections an upgrade (WebSocket) takes
     * over, which speak HTTP/1.1 whatever the cluster's codec is.
     */
    UpstreamTls forHttp1();

    List<String> HTTP1_ONLY = List.of("http/1.1");

    /** Plain TCP ({@code raw_buffer}, or no transport socket). */
    record Plaintext() implements UpstreamTls {
        public static final Plaintext INSTANCE = new Plaintext();

        @Override
        public UpstreamTls forHttp1() {
            return this;
        }
    }

    /**
     * Mutual TLS inside the mesh: the workload's own certificate ({@code default}) and the mesh's
     * roots ({@code ROOTCA}).
     *
     * @param sni the server name to send
     * @param alpn protocols to offer, in order
     * @param peers the SPIFFE IDs the peer may present; empty for any of the trust domain
     */
    record Mesh(String sni, List<String> alpn, Set<String> peers) implements UpstreamTls {
        public Mesh {
            alpn = List.copyOf(alpn);
            peers = Set.copyOf(peers);
        }

        @Override
        public UpstreamTls forHttp1() {
            return alpn.equals(HTTP1_ONLY) ? this : new Mesh(sni, HTTP1_ONLY, peers);
        }
    }

    /**
     * TLS to a server outside the mesh with files (a DestinationRule's SIMPLE or MUTUAL).
     *
     * @param sni the server name to send and check (empty: the host name is not checked)
     * @param alpn protocols to offer
     * @param caFile trusted roots; null for the JDK's defaults
     * @param certFile the client certificate (MUTUAL); null for none
     * @param keyFile its key; null for none
     * @param subjectAltNames names the server certificate must carry; empty for no check beyond sni
     * @param insecure skip verifying the server certificate
     */
    record Files(String sni, List<String> alpn, @Nullable Path caFile, @Nullable Path certFile,
            @Nullable Path keyFile, Set<String> subjectAltNames, boolean insecure) implements UpstreamTls {
        public Files {
            alpn = List.copyOf(alpn);
            subjectAltNames = Set.copyOf(subjectAltNames);
        }

        @Override
        public UpstreamTls forHttp1() {
            return alpn.isEmpty() || alpn.equals(HTTP1_ONLY) ? this
                    : new Files(sni, HTTP1_ONLY, caFile, certFile, keyFile, subjectAltNames, insecure);
        }
    }
}
