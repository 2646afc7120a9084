package dev.sutra.proxy.cluster;

/**
 * An endpoint's health for load balancing, from its EDS {@code health_status} as Envoy reads it:
 * {@code UNKNOWN} and {@code HEALTHY} are healthy; {@code DEGRADED} is used only when healthy
 * endpoints do not suffice; {@code UNHEALTHY} and {@code TIMEOUT} are unhealthy; {@code DRAINING}
 * is unhealthy and also left out of the priority's size when computing its health.
 */
public enum EndpointHealth {
    HEALTHY,
    DEGRADED,
    UNHEALTHY,
    DRAINING
}
