package dev.sutra.proxy.http;

import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.router.ClusterWeight;
import dev.sutra.proxy.router.Forwarding;
import dev.sutra.proxy.router.RequestView;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.WorkerState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The proxy's per-request header steps, as {@code ProxiedRequest} runs them, opened to the
 * benchmarks: it lives in sutra-bench, in the proxy's package so it reaches the package-private
 * steps, and nothing in the proxy uses it. The steps themselves are the proxy's own code.
 */
public final class HeaderSteps {

    private HeaderSteps() {
    }

    /** The router's view of a Netty request head ({@code NettyRequestView}). */
    public static RequestView view(HttpRequest request, String scheme) {
        return new NettyRequestView(request, scheme);
    }

    /**
     * The checks before routing: header limits ({@code HttpLimits}) and the request target
     * ({@code RequestTargets}); false when the proxy would answer 431 or 400.
     */
    public static boolean admit(HttpRequest head) {
        return !HttpLimits.exceeded(head.headers()) && RequestTargets.normalize(head);
    }

    /**
     * The upstream request's headers ({@code RequestHeaders.prepare}) for a plaintext downstream on
     * {@code chain}: hop-by-hop headers, request id, forwarded headers, rewrites and the route's
     * mutations.
     */
    public static void prepareUpstream(HttpRequest head, ListenerChain.Http chain, Route route,
            @Nullable ClusterWeight weighted, Forwarding forwarding) {
        RequestHeaders.prepare(head, new PlainDownstream(chain), route, weighted, forwarding, false);
    }

    /** The downstream response head ({@code ResponseHeaders.forDownstream}) of an HTTP/1.1 exchange. */
    public static HttpResponse responseHead(HttpResponse upstream, Route route, @Nullable ClusterWeight weighted,
            HttpMethod method) {
        return ResponseHeaders.forDownstream(upstream, route, weighted, false, true, false, method);
    }

    /**
     * A plaintext HTTP/1.1 downstream with no peer certificate: the header steps ask it only for
     * its chain, scheme and address; anything else would need a running proxy.
     */
    private record PlainDownstream(ListenerChain.Http chain) implements Downstream {

        @Override
        public ProxyRuntime runtime() {
            throw new UnsupportedOperationException("no proxy runtime in a benchmark");
        }

        @Override
        public WorkerState worker() {
            throw new UnsupportedOperationException("no worker in a benchmark");
        }

        @Override
        public ChannelHandlerContext ctx() {
            throw new UnsupportedOperationException("no channel in a benchmark");
        }

        @Override
        public boolean inbound() {
            return false;
        }

        @Override
        public boolean http2() {
            return false;
        }

        @Override
        public String scheme() {
            return "http";
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public void requestFinished(ProxiedRequest request, boolean keepAlive) {
            throw new UnsupportedOperationException("no connection in a benchmark");
        }

        @Override
        public void upgraded() {
            throw new UnsupportedOperationException("no connection in a benchmark");
        }
    }
}
