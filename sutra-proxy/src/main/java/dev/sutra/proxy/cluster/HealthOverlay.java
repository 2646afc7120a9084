package dev.sutra.proxy.cluster;

/**
 * Health known besides EDS, e.g. endpoints ejected by outlier detection. Read only by
 * {@link LoadBalancer#refresh}: a failing endpoint then counts as unhealthy, exactly as Envoy
 * treats an outlier-ejected host (it lowers its priority's health and may still be picked in panic
 * mode). Changing the overlay does not require recompiling the {@link EndpointSet}.
 */
@FunctionalInterface
public interface HealthOverlay {
    /** No endpoint is failing beyond what EDS says. */
    HealthOverlay NONE = endpoint -> false;

    /** Whether {@code endpoint} should be treated as unhealthy. */
    boolean isFailing(Endpoint endpoint);
}
