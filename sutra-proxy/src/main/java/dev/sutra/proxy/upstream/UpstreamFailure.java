package dev.sutra.proxy.upstream;

/** Why an upstream attempt failed, in the terms retry policies and response flags use. */
public record UpstreamFailure(Kind kind, String detail) {

    /** The kinds Envoy distinguishes for retries ({@code retry_on}) and response flags. */
    public enum Kind {
        /** The TCP (or TLS) connection could not be established: retry_on connect-failure, flag UF. */
        CONNECT_FAILURE,
        /** An HTTP/2 upstream refused the stream before processing it: retry_on refused-stream. */
        REFUSED_STREAM,
        /** The connection or stream ended before response headers: retry_on reset, flag UC. */
        RESET_BEFORE_RESPONSE,
        /** The connection or stream ended after response headers: flag UR; the downstream is reset too. */
        RESET_AFTER_RESPONSE,
        /** A circuit breaker is open: flag UO. */
        OVERFLOW
    }

    public static UpstreamFailure connect(String detail) {
        return new UpstreamFailure(Kind.CONNECT_FAILURE, detail);
    }
}
