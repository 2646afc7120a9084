package dev.sutra.proxy.stats;

/**
 * Why a request ended as it did, with Envoy's short codes so users can search for them.
 */
public enum ResponseFlag {
    /** Nothing unusual. */
    NONE("-", "via_upstream"),
    /** No route matched (404). */
    NO_ROUTE("NR", "route_not_found"),
    /** The route's cluster does not exist (503). */
    NO_CLUSTER("NC", "cluster_not_found"),
    /** No healthy upstream host (503). */
    NO_HEALTHY_UPSTREAM("UH", "no_healthy_upstream"),
    /** Connecting to the upstream failed (503). */
    UPSTREAM_CONNECT_FAILURE("UF", "upstream_reset_before_response_started{connection_failure}"),
    /** The upstream connection ended before the response did (503 when nothing was sent yet). */
    UPSTREAM_CONNECTION_TERMINATION("UC", "upstream_reset_before_response_started{connection_termination}"),
    /** The upstream reset the stream. */
    UPSTREAM_REMOTE_RESET("UR", "upstream_reset_after_response_started{remote_reset}"),
    /** The upstream did not answer in time (504). */
    UPSTREAM_TIMEOUT("UT", "response_timeout"),
    /** The upstream circuit breaker was open (503). */
    UPSTREAM_OVERFLOW("UO", "upstream_reset_before_response_started{overflow}"),
    /** Retries were exhausted; set together with the last attempt's flag. */
    UPSTREAM_RETRY_LIMIT_EXCEEDED("URX", "upstream_reset_before_response_started{connection_failure}"),
    /** The downstream went away before the response was complete. */
    DOWNSTREAM_CONNECTION_TERMINATION("DC", "downstream_remote_disconnect"),
    /** The request was malformed or over a limit (400, 431). */
    DOWNSTREAM_PROTOCOL_ERROR("DPE", "codec_error"),
    /** A direct response or redirect configured on the route answered. */
    DIRECT_RESPONSE("DR", "direct_response"),
    /** The fault filter delayed the request. */
    DELAY_INJECTED("DI", "via_upstream"),
    /** The fault filter aborted the request. */
    FAULT_INJECTED("FI", "fault_filter_abort");

    private final String code;
    private final String details;

    ResponseFlag(String code, String details) {
        this.code = code;
        this.details = details;
    }

    /** Envoy's short code, as in access logs ({@code UH}, {@code UF}, ...). */
    public String code() {
        return code;
    }

    /**
     * Envoy's response code details for a request that ended with this flag, as access logs print
     * them ({@code %RESPONSE_CODE_DETAILS%}); {@code via_upstream} when the upstream answered.
     */
    public String details() {
        return details;
    }
}
