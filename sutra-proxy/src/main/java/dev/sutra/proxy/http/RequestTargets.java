package dev.sutra.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Request targets as a forward proxy must read them (RFC 9112 §3.2): an absolute-form target
 * ({@code GET http://reviews:9080/r/0}, what {@code HTTP_PROXY} clients send) becomes origin-form
 * with its authority as the Host, as Envoy does; origin-form is kept.
 */
final class RequestTargets {

    private RequestTargets() {
    }

    /** Normalizes {@code request} in place; false when the target is unusable. */
    static boolean normalize(HttpRequest request) {
        String uri = request.uri();
        if (uri.startsWith("/")) {
            return true;
        }
        if (request.method().equals(HttpMethod.CONNECT) || uri.equals("*")) {
            return false;
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            return false;
        }
        String scheme = uri.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return false;
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        String authority = uri.substring(authorityStart, pathStart);
        if (authority.isEmpty() || authority.contains("@")) {
            return false;
        }
        String rest = uri.substring(pathStart);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        if (rest.isEmpty() || rest.startsWith("?")) {
            rest = "/" + rest;
        }
        request.setUri(rest);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return true;
    }
}
