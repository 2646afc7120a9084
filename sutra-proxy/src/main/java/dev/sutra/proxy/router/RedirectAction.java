package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/**
 * Answer with a redirect ({@code redirect}); {@link #location} builds the {@code Location} the
 * way Envoy's {@code newUri} does.
 *
 * @param scheme {@code scheme_redirect}, or {@code https} for {@code https_redirect}; null keeps
 *     the request's scheme
 * @param host {@code host_redirect}; null keeps the request's host
 * @param port {@code port_redirect}; 0 when unset
 * @param pathRedirect {@code path_redirect}; null when unset
 * @param pathRewrite {@code prefix_rewrite} or {@code regex_rewrite} of the request's path
 * @param status 301 (the default), 302, 303, 307 or 308
 * @param stripQuery {@code strip_query}; a query inside {@code path_redirect} is never stripped
 */
public record RedirectAction(
        @Nullable String scheme,
        @Nullable String host,
        int port,
        @Nullable String pathRedirect,
        PathRewrite pathRewrite,
        int status,
        boolean stripQuery) implements RouteAction {

    /** The absolute URI to redirect {@code request} to. */
    public String location(RequestView request) {
        String requestScheme = request.scheme();
        String finalScheme = scheme != null ? scheme : requestScheme;
        String portPart = port != 0 ? ":" + port : "";
        String authority = request.authority();
        String finalHost = host != null ? host
                : requestHost(authority == null ? "" : authority, finalScheme, port != 0,
                        requestScheme);
        String path = request.path();
        String rewritten = pathRewrite.rewrite(path);
        if (rewritten != null) {
            path = rewritten;
        }
        boolean redirectHasQuery = pathRedirect != null && pathRedirect.indexOf('?') >= 0;
        if (pathRedirect != null) {
            if (redirectHasQuery) {
                path = pathRedirect;
            } else {
                int q = path.indexOf('?');
                path = q >= 0 ? pathRedirect + path.substring(q) : pathRedirect;
            }
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (!redirectHasQuery && stripQuery) {
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
        }
        return finalScheme + "://" + finalHost + portPart + path;
    }

    /**
     * The request's host, without its port when a new port is configured or when the port is the
     * default one of the request's scheme and the scheme changes (so {@code http://a:80} becomes
     * {@code https://a}, not {@code https://a:80}).
     */
    static String requestHost(String host, String newScheme, boolean newPort,
            String requestScheme) {
        if (host.isEmpty()) {
            return host;
        }
        int portStart;
        if (host.charAt(0) == '[') {
            portStart = host.lastIndexOf("]:");
            if (portStart >= 0) {
                portStart++;
            }
        } else {
            portStart = host.lastIndexOf(':');
        }
        if (portStart < 0) {
            return host;
        }
        String port = host.substring(portStart);
        boolean remove = newPort;
        if (!newScheme.equals(requestScheme)) {
            remove |= requestScheme.equalsIgnoreCase("https") && port.equals(":443");
            remove |= requestScheme.equalsIgnoreCase("http") && port.equals(":80");
        }
        return remove ? host.substring(0, portStart) : host;
    }
}
