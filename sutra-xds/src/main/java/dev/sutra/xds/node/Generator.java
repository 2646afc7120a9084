package dev.sutra.xds.node;

/** What kind of xDS client a node is, which decides the shape of the resources it is sent. */
public enum Generator {
    /** A Sutra proxy or Envoy beside a workload: wildcard LDS/CDS, listeners on real ports. */
    SIDECAR,
    /**
     * A proxyless gRPC client (grpc-java's xds resolver): it asks for listeners by target name and
     * gets API listeners, and it rejects what it cannot honour, so its resources are narrower.
     */
    GRPC
}
