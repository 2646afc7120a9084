package dev.sutra.proxy.xds;

/** Where the config the proxy serves came from. */
public enum ConfigOrigin {
    /** No config applied yet. */
    NONE,
    /** Received from the control plane since the proxy started. */
    CONTROL_PLANE,
    /**
     * Loaded from the state directory because the control plane could not be reached at boot; it
     * stays until the control plane has sent every type again.
     */
    STALE_SNAPSHOT
}
