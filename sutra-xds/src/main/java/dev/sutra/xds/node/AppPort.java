package dev.sutra.xds.node;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.mesh.Protocol;

/**
 * A port the workload behind a proxy serves, as the proxy registers it.
 *
 * @param name the port name ({@code http}, {@code grpc})
 * @param port the service port clients dial
 * @param targetPort the port the application listens on
 * @param protocol the application protocol
 * @param inboundPort the proxy's inbound listener port that fronts it
 */
public record AppPort(String name, int port, int targetPort, Protocol protocol, int inboundPort) {

    public AppPort {
        requireNonNull(name, "name");
        requireNonNull(protocol, "protocol");
    }
}
