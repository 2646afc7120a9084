package dev.sutra.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Responses the proxy makes itself (no route, no healthy upstream, timeouts, bad requests), with
 * Envoy's status codes and bodies, so users can search for them.
 */
final class LocalReply {

    static final String NO_HEALTHY_UPSTREAM = "no healthy upstream";
    static final String TIMEOUT = "upstream request timeout";
    /** A circuit breaker refused the request (flag UO). */
    static final String OVERFLOW = "upstream connect error or disconnect/reset before headers. reset reason: overflow";

    private LocalReply() {
    }

    static String connectFailure(String reason) {
        return "upstream connect error or disconnect/reset before headers. reset reason: connection failure, "
                + "transport failure reason: " + reason;
    }

    static String reset(String reason) {
        return "upstream connect error or disconnect/reset before headers. reset reason: connection termination"
                + (reason.isEmpty() ? "" : ", " + reason);
    }

    /** A full response with a text body (or none), for any protocol: the stream codec converts it. */
    static FullHttpResponse response(int status, String body, boolean close) {
        ByteBuf content = body.isEmpty() ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                content);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (!body.isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /**
     * A reply to a gRPC request, as Envoy makes one: HTTP 200 with no body and {@code grpc-status}
     * and {@code grpc-message} in the headers, so over HTTP/2 it goes as one HEADERS frame ending
     * the stream (a trailers-only response) that gRPC clients read as that status.
     */
    static FullHttpResponse grpc(int grpcStatus, String message) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
        response.headers().set("grpc-status", grpcStatus);
        if (!message.isEmpty()) {
            response.headers().set("grpc-message", percentEncoded(message));
        }
        return response;
    }

    /** The gRPC status Envoy gives a local reply of HTTP status {@code http} (its httpToGrpcStatus). */
    static int grpcStatusOf(int http) {
        return switch (http) {
            case 400 -> 13; // INTERNAL
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 12; // UNIMPLEMENTED
            case 429, 502, 503, 504 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
    }

    /** grpc-message's encoding: UTF-8, with '%' and bytes outside printable ASCII percent-encoded. */
    static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Writes a reply that ends the connection (malformed HTTP/1.1): close once written. */
    static void sendAndClose(ChannelHandlerContext ctx, int status, String body) {
        ctx.writeAndFlush(response(status, body, true)).addListener(ChannelFutureListener.CLOSE);
    }
}
