package dev.sutra.proxy.config;

import java.util.List;

/**
 * TLS a listener's filter chain terminates, with the workload's own certificate and the mesh's
 * roots (Sutra's listeners only terminate mesh TLS).
 *
 * @param requireClientCertificate mutual TLS: a peer without a certificate is refused
 * @param alpn protocols to accept, in preference order
 */
public record DownstreamTls(boolean requireClientCertificate, List<String> alpn) {

    public DownstreamTls {
        alpn = List.copyOf(alpn);
    }
}
