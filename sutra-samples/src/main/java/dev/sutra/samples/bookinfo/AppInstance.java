package dev.sutra.samples.bookinfo;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One application instance: a version of a service, listening on {@code appPort} behind its own
 * sidecar. Carries what the sidecar must announce to the control plane: labels, service account,
 * and the service port that maps to {@code appPort}.
 *
 * @param service the service name
 * @param version the version label
 * @param appPort the port the application listens on; 0 before it starts means "pick one"
 */
public record AppInstance(String service, String version, int appPort) {

    public AppInstance {
        requireNonNull(service, "service");
        requireNonNull(version, "version");
        if (appPort < 0 || appPort > 65535) {
            throw new IllegalArgumentException("appPort: " + appPort + " (expected: 0 to 65535)");
        }
    }

    /** A workload name unique in the application, {@code reviews-v2}. */
    public String name() {
        return service + "-" + version;
    }

    /** The labels Istio's bookinfo carries, which DestinationRule subsets select on. */
    public Map<String, String> labels() {
        return Map.of("app", service, "version", version);
    }

    /** The service account, and so the SPIFFE ID's last segment: the service's own name. */
    public String serviceAccount() {
        return service;
    }

    /** The service port that reaches this instance: {@value Bookinfo#SERVICE_PORT}, named {@code http}. */
    public int servicePort() {
        return Bookinfo.SERVICE_PORT;
    }

    /** This instance on another application port. */
    public AppInstance withAppPort(int port) {
        return new AppInstance(service, version, port);
    }
}
