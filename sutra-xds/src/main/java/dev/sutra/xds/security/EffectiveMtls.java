package dev.sutra.xds.security;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The mutual TLS a workload's inbound side requires once its PeerAuthentications are merged: one
 * mode for the workload and overrides per target (application) port.
 *
 * @param mode the mode of every port without an override
 * @param ports overrides by the port the application listens on
 */
public record EffectiveMtls(MtlsMode mode, Map<Integer, MtlsMode> ports) {

    /** Istio's default when no policy applies. */
    public static final EffectiveMtls PERMISSIVE = new EffectiveMtls(MtlsMode.PERMISSIVE, Map.of());

    public EffectiveMtls {
        requireNonNull(mode, "mode");
        ports = Map.copyOf(ports);
    }

    /** The mode for connections to the application's {@code targetPort}. */
    public MtlsMode forPort(int targetPort) {
        return ports.getOrDefault(targetPort, mode);
    }
}
