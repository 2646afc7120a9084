package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

/**
 * A port of a service: the number clients dial, its name and protocol, and the port the workloads
 * listen on ({@code targetPort}; the same number when unset).
 */
public record ServicePort(String name, int number, Protocol protocol, int targetPort) {

    public ServicePort {
        requireNonNull(name, "name");
        requireNonNull(protocol, "protocol");
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("port: " + number + " (expected: 1-65535)");
        }
        if (targetPort == 0) {
            targetPort = number;
        }
    }
}
