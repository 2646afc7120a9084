package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/** Envoy's test of whether a request is gRPC, shared by route matching and local replies. */
public final class GrpcRequests {

    private GrpcRequests() {
    }

    /**
     * Whether {@code contentType} is exactly {@code application/grpc} or starts with
     * {@code application/grpc+} ({@code application/grpc-web} is not gRPC).
     */
    public static boolean isGrpc(@Nullable String contentType) {
        return contentType != null && contentType.startsWith("application/grpc")
                && (contentType.length() == 16 || contentType.charAt(16) == '+');
    }
}
