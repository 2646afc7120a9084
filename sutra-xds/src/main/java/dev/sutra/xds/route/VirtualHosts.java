package dev.sutra.xds.route;

import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServicePort;
import java.util.ArrayList;
import java.util.List;

/**
 * The domains a service's virtual host answers to, the names Istio emits:
 * {@code name.ns.svc.cluster.local}, {@code name.ns.svc}, {@code name.ns} and, for clients in the
 * same namespace only, the bare {@code name}; each with {@code :port}.
 *
 * <p>Istio builds one route table per port, so it can add each form without the port too. Sutra's
 * outbound listener serves every port from one table, so a host without a port (which HTTP means
 * as port 80) can only go to one virtual host: the service's port 80 when it has one, else its
 * only HTTP port. A service with several HTTP ports and no port 80 is reachable with the port only.
 */
public final class VirtualHosts {

    private VirtualHosts() {
    }

    /** Whether requests without a port in their Host reach {@code port} of {@code service}. */
    public static boolean servesPortless(MeshService service, ServicePort port) {
        if (port.number() == 80) {
            return true;
        }
        if (service.port(80).isPresent()) {
            return false;
        }
        long httpPorts = service.ports().stream().filter(p -> p.protocol().isHttp()).count();
        return httpPorts == 1 && port.protocol().isHttp();
    }

    /** The names a client in {@code clientNamespace} may use for {@code service}, without ports. */
    public static List<String> names(MeshService service, String clientNamespace, String domainSuffix) {
        List<String> names = new ArrayList<>();
        names.add(service.hostname());
        if (service.isClusterLocal(domainSuffix)) {
            String shortName = service.shortName();
            names.add(shortName + "." + service.namespace() + ".svc");
            names.add(shortName + "." + service.namespace());
            if (service.namespace().equals(clientNamespace)) {
                names.add(shortName);
            }
        }
        return names;
    }

    /** The domains of the virtual host for {@code port} of {@code service}. */
    public static List<String> domains(MeshService service, ServicePort port, String clientNamespace,
            String domainSuffix) {
        boolean portless = servesPortless(service, port);
        List<String> domains = new ArrayList<>();
        for (String name : names(service, clientNamespace, domainSuffix)) {
            domains.add(name + ":" + port.number());
            if (portless) {
                domains.add(name);
            }
        }
        return domains;
    }

    /** {@code reviews.default.svc.cluster.local:9080}: the virtual host's name. */
    public static String name(MeshService service, ServicePort port) {
        return service.hostname() + ":" + port.number();
    }
}
