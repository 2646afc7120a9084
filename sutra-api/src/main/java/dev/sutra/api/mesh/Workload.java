package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One instance of an application: a WorkloadEntry, a ServiceEntry endpoint or a connected proxy's
 * application.
 *
 * @param name a name unique in its namespace, for messages and config dumps
 * @param namespace the namespace it runs in
 * @param address the IP address or hostname peers dial
 * @param labels its labels, which service selectors and DestinationRule subsets match
 * @param serviceAccount its identity's service account
 * @param locality where it runs
 * @param weight its load-balancing weight (1 when unset)
 * @param ports named ports (port name to the port the workload listens on), overriding target ports
 * @param sidecar how a sidecar in front of it is reached, or {@link Sidecar#NONE} when there is none
 * @param origin what defined it, for messages
 */
public record Workload(String name, String namespace, String address, Map<String, String> labels,
        String serviceAccount, Locality locality, int weight, Map<String, Integer> ports, Sidecar sidecar,
        String origin) {

    public Workload {
        requireNonNull(name, "name");
        requireNonNull(namespace, "namespace");
        requireNonNull(address, "address");
        requireNonNull(serviceAccount, "serviceAccount");
        requireNonNull(locality, "locality");
        requireNonNull(sidecar, "sidecar");
        requireNonNull(origin, "origin");
        labels = Map.copyOf(labels);
        ports = Map.copyOf(ports);
        if (weight <= 0) {
            weight = 1;
        }
    }

    /** Whether every label of {@code selector} is on this workload (an empty selector matches all). */
    public boolean matches(Map<String, String> selector) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The workload's own port for {@code port} of a service (its named port, else the service's target port). */
    public int targetPort(ServicePort port) {
        return ports.getOrDefault(port.name(), port.targetPort());
    }

    /** The port a client dials for {@code port} of a service: the sidecar's, else the workload's own. */
    public int dialPort(ServicePort port) {
        int target = targetPort(port);
        return sidecar.inboundPort(target).orElse(target);
    }

    public boolean hasSidecar() {
        return sidecar.present();
    }
}
