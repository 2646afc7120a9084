package dev.sutra.bench.mesh;

/**
 * The size and shape of a synthetic mesh: how many services, in how many namespaces, and how many
 * sidecar proxies front them (proxy {@code j} fronts service {@code j % services}, so with twice as
 * many proxies as services each service has a {@code v1} and a {@code v2} instance).
 *
 * <p>Every service is a ServiceEntry selecting its sidecars by {@code app}; every
 * {@value #ROUTED_EVERY}th also has a VirtualService (a header match to {@code v2}, then a 90/10
 * split) and a DestinationRule with {@code v1} and {@code v2} subsets; every
 * {@value #VM_EVERY}th also has a VM instance, a WorkloadEntry.
 *
 * @param services services in the mesh
 * @param namespaces namespaces the services are spread over (service {@code i} is in
 *     {@code ns-(i % namespaces)})
 * @param proxies sidecars connected to the control plane
 */
public record MeshShape(int services, int namespaces, int proxies) {

    /** Every n-th service has a VirtualService and a DestinationRule. */
    public static final int ROUTED_EVERY = 5;

    /** Every n-th service has a WorkloadEntry (a VM instance). */
    public static final int VM_EVERY = 10;

    public MeshShape {
        if (services < 1 || namespaces < 1 || proxies < 0) {
            throw new IllegalArgumentException("services: " + services + ", namespaces: " + namespaces
                    + ", proxies: " + proxies + " (expected: services >= 1, namespaces >= 1, proxies >= 0)");
        }
    }

    /** {@code svc-<i>}. */
    public static String serviceName(int service) {
        return "svc-" + service;
    }

    /** The namespace of service {@code i}. */
    public String namespace(int service) {
        return "ns-" + (service % namespaces);
    }

    /** {@code svc-<i>.ns-<k>.svc.cluster.local}. */
    public String hostname(int service) {
        return serviceName(service) + "." + namespace(service) + ".svc.cluster.local";
    }

    /** Whether service {@code i} has a VirtualService and a DestinationRule. */
    public static boolean routed(int service) {
        return service % ROUTED_EVERY == 0;
    }

    /** Whether service {@code i} has a WorkloadEntry. */
    public static boolean hasVm(int service) {
        return service % VM_EVERY == 0;
    }
}
