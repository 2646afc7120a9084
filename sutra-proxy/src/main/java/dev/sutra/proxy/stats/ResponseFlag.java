package dev.sutra.proxy.stats;

/**
 * Why a request ended as it did, with Envoy's short codes so users can search for them.
 */
public enum ResponseFlag {
    /** Nothing unusual. */
    NONE("-"),
    /** No route matched (404). */
    NO_ROUTE("NR"),
    /** The route's cluster does not exist (503). */
    NO_CLUSTER("NC"),
    /** No healthy upstream host (503). */
    NO_HEALTHY_UPSTREAM("UH"),
    /** Connecting to the upstream failed (503). */
    UPSTREAM_CONNECT_FAILURE("UF"),
    /** The upstream connection ended before the response did (503 when nothing was sent yet). */
    UPSTREAM_CONNECTION_TERMINATION("UC"),
    /** The upstream reset the stream. */
    UPSTREAM_REMOTE_RESET("UR"),
    /** The upstream did not answer in time (504). */
    UPSTREAM_TIMEOUT("UT"),
    /** The upstream circuit breaker was open (503). */
    UPSTREAM_OVERFLOW("UO"),
    /** Retries were exhausted; set together with the last attempt's flag. */
    UPSTREAM_RETRY_LIMIT_EXCEEDED("URX"),
    /** The downstream went away before the response was complete. */
    DOWNSTREAM_CONNECTION_TERMINATION("DC"),
    /** The request was malformed or over a limit (400, 431). */
    DOWNSTREAM_PROTOCOL_ERROR("DPE"),
    /** A direct response or redirect configured on the route answered. */
    DIRECT_RESPONSE("DR"),
    /** The fault filter delayed the request. */
    DELAY_INJECTED("DI"),
    /** The fault filter aborted the request. */
    FAULT_INJECTED("FI");

    private final String code;

    ResponseFlag(String code) {
        this.code = code;
    }

    /** Envoy's short code, as in access logs ({@code UH}, {@code UF}, ...). */
    public String code() {
        return code;
    }
}
