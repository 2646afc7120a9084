package dev.sutra.bench.mesh;

/**
 * The Istio YAML of a {@link MeshShape}: one document set per service (ServiceEntry, and where the
 * shape says so a VirtualService, a DestinationRule and a WorkloadEntry), and the edits the scale
 * simulation applies to change one service.
 */
public final class MeshYaml {

    /** The service port every synthetic service exposes. */
    public static final int PORT = 8080;

    private final MeshShape shape;

    public MeshYaml(MeshShape shape) {
        this.shape = shape;
    }

    /** Everything that defines service {@code i}, as one multi-document file. */
    public String service(int i) {
        StringBuilder yaml = new StringBuilder(serviceEntry(i));
        if (MeshShape.routed(i)) {
            yaml.append("---\n").append(destinationRule(i)).append("---\n").append(virtualService(i, 90));
        }
        if (MeshShape.hasVm(i)) {
            yaml.append("---\n").append(workloadEntry(i, 0));
        }
        return yaml.toString();
    }

    /** The whole mesh as one text (for in-process parsing). */
    public String all() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < shape.services(); i++) {
            if (i > 0) {
                yaml.append("---\n");
            }
            yaml.append(service(i));
        }
        return yaml.toString();
    }

    String serviceEntry(int i) {
        return """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  hosts: [%s]
                  location: MESH_INTERNAL
                  resolution: STATIC
                  ports:
                  - {number: %d, name: http, protocol: HTTP}
                  workloadSelector:
                    labels: {app: %s}
                """.formatted(MeshShape.serviceName(i), shape.namespace(i), shape.hostname(i), PORT,
                MeshShape.serviceName(i));
    }

    String destinationRule(int i) {
        return """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  host: %s
                  trafficPolicy:
                    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s}
                  subsets:
                  - {name: v1, labels: {version: v1}}
                  - {name: v2, labels: {version: v2}}
                """.formatted(MeshShape.serviceName(i), shape.namespace(i), shape.hostname(i));
    }

    /** The VirtualService of a routed service, sending {@code v1Weight} percent to v1. */
    public String virtualService(int i, int v1Weight) {
        String host = shape.hostname(i);
        return """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  hosts: [%s]
                  http:
                  - match:
                    - headers: {x-canary: {exact: "true"}}
                    route:
                    - destination: {host: %s, subset: v2}
                  - match:
                    - uri: {prefix: /api/}
                    retries: {attempts: 3, perTryTimeout: 2s}
                    headers:
                      request:
                        set: {x-routed-by: sutra}
                    route:
                    - destination: {host: %s, subset: v1}
                      weight: %d
                    - destination: {host: %s, subset: v2}
                      weight: %d
                  - route:
                    - destination: {host: %s, subset: v1}
                """.formatted(MeshShape.serviceName(i), shape.namespace(i), host, host, host, v1Weight, host,
                100 - v1Weight, host);
    }

    /** The VM instance of service {@code i}; {@code revision} moves its address (an endpoint change). */
    public String workloadEntry(int i, int revision) {
        return """
                apiVersion: networking.istio.io/v1
                kind: WorkloadEntry
                metadata:
                  name: %s-vm
                  namespace: %s
                spec:
                  address: %s
                  labels: {app: %s, version: v1}
                  serviceAccount: %s
                """.formatted(MeshShape.serviceName(i), shape.namespace(i), vmAddress(i, revision),
                MeshShape.serviceName(i), MeshShape.serviceName(i));
    }

    private static String vmAddress(int service, int revision) {
        int n = service * 64 + revision % 64;
        return "172.16." + (n / 250 % 250) + "." + (1 + n % 250);
    }
}
