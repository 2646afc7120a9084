package dev.sutra.e2e;

/** Config snippets the end-to-end tests share. */
final class Mesh {

    private Mesh() {
    }

    static String host(String service) {
        return service + ".default.svc.cluster.local";
    }

    /** Subsets v1 and v2 of {@code service}. */
    static String subsets(String service) {
        return destinationRule(service, service, """
                subsets:
                - {name: v1, labels: {version: v1}}
                - {name: v2, labels: {version: v2}}
                """);
    }

    /** A split of {@code service} between v1 and v2. */
    static String split(String service, int v1, int v2) {
        return virtualService(service, service, """
                - route:
                  - destination: {host: %s, subset: v1}
                    weight: %d
                  - destination: {host: %s, subset: v2}
                    weight: %d
                """.formatted(service, v1, service, v2));
    }

    /** A VirtualService {@code name} for {@code host} with {@code http}, its routes as YAML list items at column 0. */
    static String virtualService(String name, String host, String http) {
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: %s}
                spec:
                  hosts: [%s]
                  http:
                """.formatted(name, host) + http.indent(2);
    }

    /** A DestinationRule {@code name} for {@code host}; {@code spec} is the rest of its spec, YAML at column 0. */
    static String destinationRule(String name, String host, String spec) {
        return """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: %s}
                spec:
                  host: %s
                """.formatted(name, host) + spec.indent(2);
    }

    /** A PeerAuthentication in {@code default} for the workloads labelled {@code app}. */
    static String peerAuthentication(String app, String mode) {
        return """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: %s, namespace: default}
                spec:
                  selector: {matchLabels: {app: %s}}
                  mtls: {mode: %s}
                """.formatted(app, app, mode);
    }
}
