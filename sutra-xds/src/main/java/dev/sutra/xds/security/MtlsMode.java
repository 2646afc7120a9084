package dev.sutra.xds.security;

/**
 * What a workload's inbound side accepts from peers, after PeerAuthentication is resolved (Istio's
 * {@code model.MutualTLSMode} without its "unknown"). {@code UNSET} never survives resolution: it
 * inherits from the parent level.
 */
public enum MtlsMode {
    /** Mutual TLS only: plaintext connections fail the handshake. */
    STRICT,
    /** Mutual TLS and plaintext, told apart by the first bytes (TLS inspector). Istio's default. */
    PERMISSIVE,
    /** Plaintext only. */
    DISABLE
}
