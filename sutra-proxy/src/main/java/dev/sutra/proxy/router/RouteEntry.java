package dev.sutra.proxy.router;

/** One compiled route of a virtual host: its match conditions and the {@link Route} it yields. */
final class RouteEntry {
    private final PathMatcher path;
    private final HeaderCondition[] headers;
    private final QueryCondition[] queries;
    private final boolean grpc;
    /** {@code runtime_fraction} as numerator/denominator; denominator 0 when unset. */
    private final long runtimeNumerator;
    private final long runtimeDenominator;
    final Route route;

    RouteEntry(PathMatcher path, HeaderCondition[] headers, QueryCondition[] queries, boolean grpc,
            long runtimeNumerator, long runtimeDenominator, Route route) {
        this.path = path;
        this.headers = headers;
        this.queries = queries;
        this.grpc = grpc;
        this.runtimeNumerator = runtimeNumerator;
        this.runtimeDenominator = runtimeDenominator;
        this.route = route;
    }

    boolean matches(RequestView request, String requestPath, int pathEnd, long random) {
        // runtime_fraction with no runtime layer: its default value, drawn with the stream's
        // random value as Envoy does (random mod denominator < numerator).
        if (runtimeDenominator != 0
                && Long.remainderUnsigned(random, runtimeDenominator) >= runtimeNumerator) {
            return false;
        }
        return path.matches(requestPath, pathEnd)
                && (!grpc || GrpcRequests.isGrpc(request.header("content-type")))
                && HeaderCondition.allMatch(headers, request)
                && QueryCondition.allMatch(queries, requestPath);
    }
}
