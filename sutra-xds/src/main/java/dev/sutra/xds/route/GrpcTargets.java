package dev.sutra.xds.route;

import dev.sutra.api.mesh.MeshService;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.mesh.ServicePort;
import java.util.Optional;

/**
 * Which service port a proxyless gRPC target names. grpc-java asks for a listener named exactly as
 * the target's authority ({@code xds:///reviews:9080} asks for {@code reviews:9080}), so short
 * forms resolve in the client's namespace as they would in DNS: {@code reviews}, {@code reviews.ns},
 * {@code reviews.ns.svc} and the full name. Without a port, the service's only port (or 80) is used.
 */
public final class GrpcTargets {

    /** A resolved target. */
    public record Target(MeshService service, ServicePort port) {
    }

    private GrpcTargets() {
    }

    public static Optional<Target> resolve(String name, ServiceCatalog catalog, String clientNamespace,
            String domainSuffix) {
        String host = name;
        int port = 0;
        int colon = name.lastIndexOf(':');
        if (colon > 0) {
            try {
                port = Integer.parseInt(name.substring(colon + 1));
                host = name.substring(0, colon);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        Optional<MeshService> service = catalog.service(host);
        if (service.isEmpty()) {
            service = catalog.service(qualify(host, clientNamespace, domainSuffix));
        }
        if (service.isEmpty()) {
            return Optional.empty();
        }
        MeshService s = service.get();
        Optional<ServicePort> servicePort = port > 0 ? s.port(port)
                : s.ports().size() == 1 ? Optional.of(s.ports().get(0)) : s.port(80);
        return servicePort.map(p -> new Target(s, p));
    }

    private static String qualify(String host, String clientNamespace, String domainSuffix) {
        String[] parts = host.split("\\.");
        return switch (parts.length) {
            case 1 -> host + "." + clientNamespace + ".svc." + domainSuffix;
            case 2 -> host + ".svc." + domainSuffix;
            case 3 -> parts[2].equals("svc") ? host + "." + domainSuffix : host;
            default -> host;
        };
    }
}
