package dev.sutra.proxy.http;

import dev.sutra.proxy.accesslog.AccessLogEntry;
import dev.sutra.proxy.accesslog.AccessLogWriter;
import dev.sutra.proxy.cluster.ClusterResources;
import dev.sutra.proxy.cluster.Endpoint;
import dev.sutra.proxy.cluster.LoadBalancer;
import dev.sutra.proxy.config.AccessLogSpec;
import dev.sutra.proxy.config.CompiledCluster;
import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.config.OutlierPolicy;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.config.UpstreamTls;
import dev.sutra.proxy.router.ClusterAction;
import dev.sutra.proxy.router.ClusterWeight;
import dev.sutra.proxy.router.DirectResponseAction;
import dev.sutra.proxy.router.FaultPolicy;
import dev.sutra.proxy.router.Forwarding;
import dev.sutra.proxy.router.GrpcRequests;
import dev.sutra.proxy.router.RedirectAction;
import dev.sutra.proxy.router.RetryOn;
import dev.sutra.proxy.router.RetryPolicy;
import dev.sutra.proxy.router.Route;
import dev.sutra.proxy.router.RouteTable;
import dev.sutra.proxy.router.WeightedClustersAction;
import dev.sutra.proxy.runtime.WorkerState;
import dev.sutra.proxy.stats.ResponseFlag;
import dev.sutra.proxy.upstream.UpstreamFailure;
import dev.sutra.proxy.upstream.UpstreamListener;
import dev.sutra.proxy.upstream.UpstreamSettings;
import dev.sutra.proxy.upstream.UpstreamStream;
import dev.sutra.proxy.upstream.TlsSetup;
import javax.net.ssl.SSLException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request through the proxy, from its head arriving downstream to the end of the response:
 * route, pick a host, get a stream from the loop's pool, stream the body both ways with
 * backpressure, retry as the route's policy allows, time out, and account for how it ended.
 * Everything happens on the downstream connection's event loop.
 */
final class ProxiedRequest implements UpstreamListener {

    private enum State { ROUTING, CONNECTING, FORWARDING, DONE }

    private final Downstream downstream;
    private final ChannelHandlerContext ctx;
    private final HttpRequest head;
    private boolean keepAlive;
    private final boolean http10;
    /** No body follows the head: upstream it goes as one message (HTTP/2: HEADERS with END_STREAM). */
    private final boolean bodyless;
    /** When the head arrived: for the duration in access logs. */
    private final long startNanos = System.nanoTime();
    private long bytesReceived;
    private long bytesSent;
    /** The response head sent downstream, for {@code %RESP(...)%} in access logs. */
    private @Nullable HttpHeaders responseHeaders;
    private final RequestBody body = new RequestBody();
    private State state = State.ROUTING;
    private @Nullable Route route;
    private @Nullable Forwarding forwarding;
    private @Nullable CompiledCluster cluster;
    private @Nullable RetryPolicy retry;
    private @Nullable ClusterWeight weighted;
    private boolean upgrade;
    private boolean bodyLengthUnknown;
    private @Nullable UpstreamStream upstream;
    private @Nullable Endpoint endpoint;
    private @Nullable LoadBalancer balancer;
    private final List<Endpoint> tried = new ArrayList<>(2);
    private int retriesLeft;
    private boolean retried;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean upstreamPaused;
    private @Nullable ScheduledFuture<?> routeTimer;
    private @Nullable ScheduledFuture<?> tryTimer;
    private @Nullable ScheduledFuture<?> faultDelay;
    /** The cluster's circuit-breaker counters this request holds a request or retry slot of. */
    private @Nullable ClusterResources resources;
    private boolean holdsRequest;
    private boolean holdsRetry;
    private int status;
    private ResponseFlag flag = ResponseFlag.NONE;

    /**
     * @param endOfStream whether the head arrived with the end of the request (an HTTP/2 HEADERS
     *     frame with END_STREAM); for HTTP/1.1 a request without Content-Length or chunking has no body
     */
    ProxiedRequest(Downstream downstream, HttpRequest head, boolean endOfStream) {
        this.downstream = downstream;
        this.ctx = downstream.ctx();
        this.head = head;
        this.keepAlive = downstream.http2() || HttpUtil.isKeepAlive(head);
        this.http10 = !downstream.http2() && head.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.bodyless = downstream.http2() ? endOfStream
                : !HttpUtil.isTransferEncodingChunked(head) && HttpUtil.getContentLength(head, 0L) == 0;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean isDone() {
        return state == State.DONE;
    }

    /** Routes the request and starts the first attempt. */
    void start() {
        if (HttpLimits.exceeded(head.headers())) {
            protocolError(431, "request header fields too large");
            return;
        }
        if (!RequestTargets.normalize(head)) {
            protocolError(400, "bad request target");
            return;
        }
        ProxyConfig config = downstream.runtime().config();
        RouteTable table = config.routesOf(downstream.chain());
        NettyRequestView view = new NettyRequestView(head, downstream.scheme());
        long random = downstream.worker().nextRandom();
        route = table == null ? null : table.route(view, random);
        if (route == null) {
            localReply(404, "", ResponseFlag.NO_ROUTE);
            return;
        }
        FaultPolicy fault = downstream.chain().faultFilter() ? route.fault() : null;
        if (fault != null && fault.delays(downstream.worker().nextRandom())) {
            // The fault filter holds the request before the router sees it, as in Envoy: the route's
            // timeout starts after the delay, and the body waits (reading pauses when it is large).
            flag = ResponseFlag.DELAY_INJECTED;
            faultDelay = ctx.executor().schedule(() -> {
                faultDelay = null;
                if (state != State.DONE) {
                    act(view, random, fault);
                    if (requestComplete) {
                        startRouteTimer();
                    }
                }
            }, fault.delay().duration().toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        act(view, random, fault);
    }

    /** After the fault delay, if any: the fault abort, if drawn, else the route's action. */
    private void act(NettyRequestView view, long random, @Nullable FaultPolicy fault) {
        if (fault != null && fault.aborts(downstream.worker().nextRandom())) {
            FaultPolicy.Abort abort = fault.abort();
            if (abort.grpc() && grpcRequest()) {
                grpcReply(abort.grpcStatus(), FaultPolicy.ABORT_BODY, ResponseFlag.FAULT_INJECTED);
            } else {
                localReply(abort.httpStatus(), FaultPolicy.ABORT_BODY, ResponseFlag.FAULT_INJECTED);
            }
            return;
        }
        String clusterName;
        switch (route.action()) {
            case DirectResponseAction direct -> {
                localReply(direct.status(), direct.body().toStringUtf8(), ResponseFlag.DIRECT_RESPONSE);
                return;
            }
            case RedirectAction redirect -> {
                FullHttpResponse response = LocalReply.response(redirect.status(), "", !keepAlive);
                response.headers().set(HttpHeaderNames.LOCATION, redirect.location(view));
                reply(response, ResponseFlag.DIRECT_RESPONSE);
                return;
            }
            case ClusterAction c -> {
                clusterName = c.cluster();
                forwarding = c.forwarding();
            }
            case WeightedClustersAction w -> {
                weighted = w.pick(view, random);
                clusterName = weighted.name();
                forwarding = w.forwarding();
            }
        }
        cluster = downstream.runtime().config().clusters().get(clusterName);
        if (cluster == null) {
            localReply(forwarding.clusterNotFoundStatus(), "", ResponseFlag.NO_CLUSTER);
            return;
        }
        upgrade = Upgrades.isUpgrade(head);
        if (upgrade && !Upgrades.allowed(head, downstream.chain(), forwarding)) {
            localReply(403, "", ResponseFlag.NONE);
            return;
        }
        bodyLengthUnknown = HttpUtil.isTransferEncodingChunked(head);
        RequestHeaders.prepare(head, downstream, route, weighted, forwarding, upgrade);
        if (!downstream.http2() && HttpUtil.is100ContinueExpected(head)) {
            // Envoy answers 100-continue itself and does not forward the expectation.
            head.headers().remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        retry = forwarding.retryPolicy();
        retriesLeft = retry == null || upgrade ? 0 : retry.numRetries();
        attempt();
    }

    private void attempt() {
        WorkerState worker = downstream.worker();
        balancer = worker.balancer(cluster);
        Endpoint picked = balancer == null ? null : pick(balancer);
        if (picked == null) {
            finishWithLocalReply(503, LocalReply.NO_HEALTHY_UPSTREAM, ResponseFlag.NO_HEALTHY_UPSTREAM);
            return;
        }
        resources = downstream.runtime().resources(cluster.name());
        if (!resources.tryAcquireRequest(cluster.breakers().maxRequests())) {
            downstream.runtime().stats().overflow(cluster.name(), "max_requests");
            finishWithLocalReply(503, LocalReply.OVERFLOW, ResponseFlag.UPSTREAM_OVERFLOW);
            return;
        }
        holdsRequest = true;
        endpoint = picked;
        balancer.onStart(picked);
        state = State.CONNECTING;
        TlsSetup tls;
        try {
            UpstreamTls spec = cluster.tls().forEndpoint(picked);
            tls = worker.tlsSetup(upgrade ? spec.forHttp1() : spec);
        } catch (SSLException e) {
            onUpstreamFailure(UpstreamFailure.connect("TLS is not available: " + e.getMessage()));
            return;
        }
        UpstreamSettings settings = new UpstreamSettings(cluster.connectTimeout(), cluster.maxRequestsPerConnection(),
                cluster.idleTimeout() == null ? UpstreamSettings.DEFAULT_IDLE : cluster.idleTimeout());
        if (upgrade) {
            worker.pools().dedicated(picked.socketAddress(), cluster.name(), settings, tls, this);
        } else {
            worker.pools().acquire(picked.socketAddress(), cluster.protocol(), cluster.name(), settings, tls, this);
        }
    }

    /** A host, avoiding ones already tried when the retry policy asks (Envoy's previous_hosts). */
    private @Nullable Endpoint pick(LoadBalancer lb) {
        Endpoint e = lb.pick();
        if (e == null || tried.isEmpty() || retry == null || !retry.avoidPreviousHosts()) {
            return e;
        }
        for (long i = 1; i < retry.hostSelectionMaxAttempts() && tried.contains(e); i++) {
            Endpoint other = lb.pick();
            if (other != null) {
                e = other;
            }
        }
        return e;
    }

    @Override
    public void onUpstreamReady(UpstreamStream stream) {
        if (state == State.DONE) {
            stream.cancel();
            return;
        }
        upstream = stream;
        state = State.FORWARDING;
        if (bodyless) {
            stream.write(UpstreamRequests.fullHeadFor(head, cluster.protocol(), upgrade));
        } else {
            stream.write(UpstreamRequests.headFor(head, cluster.protocol(), upgrade, bodyLengthUnknown));
            for (HttpContent c : body.copies()) {
                stream.write(c);
            }
        }
        if (retriesLeft == 0) {
            body.discard();
        }
        if (requestComplete) {
            startTryTimer();
        }
        // Reading may have paused while the body waited for this stream: resume unless it is full.
        pauseDownstream(!stream.isWritable());
    }

    /** Request body from downstream; this request owns {@code content}. */
    void onRequestContent(HttpContent content) {
        if (state == State.DONE) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        bytesReceived += content.content().readableBytes();
        if (last) {
            requestComplete = true;
            startRouteTimer();
        }
        if (bodyless) {
            // The head went (or will go) upstream as a complete message; this is its empty end.
            content.release();
            if (last && upstream != null) {
                startTryTimer();
            }
            return;
        }
        if (upstream != null) {
            if (retriesLeft > 0 && body.replayable() && body.bytes() + content.content().readableBytes()
                    <= HttpLimits.RETRY_BUFFER_BYTES) {
                body.add(content.retainedDuplicate());
            } else {
                // Too much to hold for a retry: stream it on and give up retrying.
                body.discard();
                retriesLeft = 0;
            }
            upstream.write(content);
            if (last) {
                startTryTimer();
            }
            if (!upstream.isWritable()) {
                pauseDownstream(true);
            }
        } else {
            body.add(content);
            if (body.bytes() > HttpLimits.RETRY_BUFFER_BYTES) {
                // No upstream yet: hold what came and stop reading until one is ready.
                pauseDownstream(true);
            }
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        pauseDownstream(!writable);
    }

    void onDownstreamWritabilityChanged(boolean writable) {
        if (upstream != null && upstreamPaused == writable) {
            upstreamPaused = !writable;
            upstream.setAutoRead(writable);
        }
    }

    private void pauseDownstream(boolean pause) {
        ctx.channel().config().setAutoRead(!pause);
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        if (state == State.DONE) {
            return;
        }
        cancel(tryTimer);
        int code = response.status().code();
        outlierResult(code);
        if (!upgrade && retriesLeft > 0 && body.replayable() && retriableStatus(code) && retrySlot()) {
            ReferenceCountUtil.release(response);
            UpstreamStream abandoned = upstream;
            upstream = null;
            if (abandoned != null) {
                abandoned.cancel();
            }
            endAttempt();
            retryLater(ResponseFlag.NONE);
            return;
        }
        responseStarted = true;
        status = code;
        if (http10 && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // An HTTP/1.0 client learns where an unknown-length body ends only from the close.
            keepAlive = false;
        }
        body.discard();
        retriesLeft = 0;
        if (upgrade && code == 101) {
            HttpResponse switching = ResponseHeaders.forDownstream(response, route, weighted, downstream.http2(), true,
                    false, head.method());
            responseHeaders = switching.headers();
            ctx.writeAndFlush(switching);
            UpstreamStream taken = upstream;
            upstream = null;
            endAttempt();
            finish(ResponseFlag.NONE, true);
            Upgrades.relay(downstream, taken);
            return;
        }
        if (response instanceof FullHttpResponse full) {
            FullHttpResponse complete = ResponseHeaders.complete(full, route, weighted, downstream.http2(), keepAlive,
                    head.method());
            responseHeaders = complete.headers();
            bytesSent += complete.content().readableBytes();
            var future = ctx.writeAndFlush(complete);
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
            finish(flag, keepAlive);
            return;
        }
        HttpResponse forwarded = ResponseHeaders.forDownstream(response, route, weighted, downstream.http2(),
                keepAlive, http10, head.method());
        responseHeaders = forwarded.headers();
        ctx.write(forwarded);
    }

    @Override
    public void onResponseContent(HttpContent content) {
        if (state == State.DONE || !responseStarted) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        bytesSent += content.content().readableBytes();
        if (last) {
            ChannelFutureListener after = keepAlive ? null : ChannelFutureListener.CLOSE;
            var future = ctx.writeAndFlush(content);
            if (after != null) {
                future.addListener(after);
            }
            finish(flag, keepAlive);
            return;
        }
        ctx.writeAndFlush(content, ctx.voidPromise());
        if (!ctx.channel().isWritable() && upstream != null && !upstreamPaused) {
            upstreamPaused = true;
            upstream.setAutoRead(false);
        }
    }

    @Override
    public void onUpstreamFailure(UpstreamFailure failure) {
        if (state == State.DONE) {
            return;
        }
        cancel(tryTimer);
        upstream = null;
        switch (failure.kind()) {
            // Envoy's mapping of local-origin failures without split_external_local_origin_errors.
            case CONNECT_FAILURE, REFUSED_STREAM, RESET_BEFORE_RESPONSE -> outlierResult(503);
            case RESET_AFTER_RESPONSE, OVERFLOW -> { }
        }
        endAttempt();
        ResponseFlag failed = switch (failure.kind()) {
            case CONNECT_FAILURE -> ResponseFlag.UPSTREAM_CONNECT_FAILURE;
            case OVERFLOW -> ResponseFlag.UPSTREAM_OVERFLOW;
            case RESET_AFTER_RESPONSE -> ResponseFlag.UPSTREAM_REMOTE_RESET;
            case REFUSED_STREAM, RESET_BEFORE_RESPONSE -> ResponseFlag.UPSTREAM_CONNECTION_TERMINATION;
        };
        if (responseStarted) {
            // Headers are out: the only honest signal left is to reset the downstream too.
            resetDownstream(failed);
            return;
        }
        if (retriesLeft > 0 && body.replayable() && retriableFailure(failure.kind()) && retrySlot()) {
            retryLater(failed);
            return;
        }
        ResponseFlag reported = retried ? ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED : failed;
        String text = failure.kind() == UpstreamFailure.Kind.CONNECT_FAILURE
                ? LocalReply.connectFailure(failure.detail())
                : failure.kind() == UpstreamFailure.Kind.OVERFLOW ? LocalReply.OVERFLOW : LocalReply.reset(failure.detail());
        finishWithLocalReply(503, text, reported);
    }

    private boolean retriableFailure(UpstreamFailure.Kind kind) {
        return switch (kind) {
            case CONNECT_FAILURE -> retry.retriesOn(RetryOn.CONNECT_FAILURE) || retry.retriesOn(RetryOn.FIVE_XX)
                    || retry.retriesOn(RetryOn.GATEWAY_ERROR);
            case REFUSED_STREAM -> retry.retriesOn(RetryOn.REFUSED_STREAM) || retry.retriesOn(RetryOn.RESET)
                    || retry.retriesOn(RetryOn.FIVE_XX);
            case RESET_BEFORE_RESPONSE -> retry.retriesOn(RetryOn.RESET) || retry.retriesOn(RetryOn.FIVE_XX)
                    || retry.retriesOn(RetryOn.GATEWAY_ERROR);
            case RESET_AFTER_RESPONSE, OVERFLOW -> false;
        };
    }

    private boolean retriableStatus(int code) {
        if (retry.retriesOn(RetryOn.FIVE_XX) && code >= 500) {
            return true;
        }
        if (retry.retriesOn(RetryOn.GATEWAY_ERROR) && (code == 502 || code == 503 || code == 504)) {
            return true;
        }
        return retry.retriesOn(RetryOn.RETRIABLE_STATUS_CODES) && retry.isRetriableStatusCode(code);
    }

    private void retryLater(ResponseFlag reason) {
        retriesLeft--;
        retried = true;
        if (endpoint != null) {
            tried.add(endpoint);
        }
        if (reason != ResponseFlag.NONE) {
            flag = reason;
        }
        state = State.CONNECTING;
        long base = Math.max(1, retry.backOffBase().toMillis());
        long max = Math.max(base, retry.backOffMax().toMillis());
        int n = tried.size();
        long ceiling = Math.min(max, base * (1L << Math.min(n, 20)));
        // Envoy's fully jittered exponential back-off.
        long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling + 1);
        ctx.executor().schedule(() -> {
            if (state != State.DONE) {
                attempt();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Tells the cluster's outlier detector how the host of the attempt in flight answered: its
     * status, or 503 for a connect failure or reset and 504 for a timeout. Nothing without an
     * attempt in flight (a timeout during a retry's back-off blames no host).
     */
    private void outlierResult(int status) {
        OutlierPolicy policy = cluster == null ? null : cluster.outlier();
        if (policy == null || !holdsRequest || endpoint == null || cluster.endpoints() == null) {
            return;
        }
        if (downstream.runtime().outliers(cluster.name()).result(endpoint.socketAddress(), status, policy,
                cluster.endpoints().endpoints().size())) {
            downstream.runtime().stats().ejection(cluster.name());
        }
    }

    /**
     * Room for one more retry under the cluster's {@code max_retries} (Envoy's retry circuit
     * breaker); the slot is held until that retry ends. Without room the request is not retried and
     * ends as its last attempt did.
     */
    private boolean retrySlot() {
        releaseRetry();
        if (resources == null || !resources.tryAcquireRetry(cluster.breakers().maxRetries())) {
            downstream.runtime().stats().overflow(cluster.name(), "max_retries");
            return false;
        }
        holdsRetry = true;
        return true;
    }

    private void releaseRetry() {
        if (holdsRetry) {
            holdsRetry = false;
            resources.releaseRetry();
        }
    }

    /** Ends the current attempt: the balancer's count and the circuit-breaker slots it held. */
    private void endAttempt() {
        if (balancer != null && endpoint != null) {
            balancer.onEnd(endpoint);
            balancer = null;
        }
        if (holdsRequest) {
            holdsRequest = false;
            resources.releaseRequest();
        }
    }

    private void startRouteTimer() {
        if (forwarding == null || forwarding.timeoutDisabled() || routeTimer != null || faultDelay != null
                || state == State.DONE) {
            return;
        }
        routeTimer = ctx.executor().schedule(this::routeTimeout, forwarding.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void startTryTimer() {
        if (retry == null || retry.perTryTimeout() == null || state == State.DONE) {
            return;
        }
        cancel(tryTimer);
        tryTimer = ctx.executor().schedule(this::tryTimeout, retry.perTryTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void routeTimeout() {
        if (state == State.DONE) {
            return;
        }
        if (!responseStarted) {
            outlierResult(504);
        }
        abandonUpstream();
        if (responseStarted) {
            resetDownstream(ResponseFlag.UPSTREAM_TIMEOUT);
        } else {
            finishWithLocalReply(504, LocalReply.TIMEOUT, ResponseFlag.UPSTREAM_TIMEOUT);
        }
    }

    private void tryTimeout() {
        if (state == State.DONE || responseStarted) {
            return;
        }
        outlierResult(504);
        abandonUpstream();
        if (retriesLeft > 0 && body.replayable() && retrySlot()) {
            retryLater(ResponseFlag.UPSTREAM_TIMEOUT);
        } else {
            finishWithLocalReply(504, LocalReply.TIMEOUT, ResponseFlag.UPSTREAM_TIMEOUT);
        }
    }

    private void abandonUpstream() {
        UpstreamStream s = upstream;
        upstream = null;
        if (s != null) {
            s.cancel();
        }
        endAttempt();
    }

    /** The downstream went away (connection closed or stream reset) before the response ended. */
    void downstreamGone() {
        if (state == State.DONE) {
            return;
        }
        abandonUpstream();
        finish(ResponseFlag.DOWNSTREAM_CONNECTION_TERMINATION, false);
    }

    /** The request body could not be decoded (a bad chunk size, say): 400 if nothing was sent yet. */
    void malformedBody(Throwable cause) {
        if (state == State.DONE) {
            return;
        }
        abandonUpstream();
        if (responseStarted) {
            resetDownstream(ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR);
        } else {
            protocolError(400, "bad request");
        }
    }

    private void protocolError(int code, String text) {
        if (downstream.http2()) {
            status = 0;
            resetDownstream(ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR);
            return;
        }
        status = code;
        state = State.DONE;
        cancelTimers();
        body.discard();
        downstream.runtime().stats().request(downstream.inbound(), code, ResponseFlag.DOWNSTREAM_PROTOCOL_ERROR);
        LocalReply.sendAndClose(ctx, code, text);
        downstream.requestFinished(this, false);
    }

    /** A reply the proxy makes; to a gRPC request as a gRPC status, as Envoy's local replies are. */
    private void localReply(int code, String text, ResponseFlag reason) {
        if (grpcRequest()) {
            grpcReply(LocalReply.grpcStatusOf(code), text, reason);
            return;
        }
        reply(LocalReply.response(code, head.method().equals(HttpMethod.HEAD) ? "" : text, !keepAlive), reason);
    }

    private void grpcReply(int grpcStatus, String text, ResponseFlag reason) {
        FullHttpResponse response = LocalReply.grpc(grpcStatus, text);
        if (!downstream.http2()) {
            // HTTP/1.1 needs the end marked; over HTTP/2 the HEADERS frame ends the stream.
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        reply(response, reason);
    }

    private boolean grpcRequest() {
        return GrpcRequests.isGrpc(head.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    private void finishWithLocalReply(int code, String text, ResponseFlag reason) {
        localReply(code, text, reason);
    }

    private void reply(FullHttpResponse response, ResponseFlag reason) {
        responseHeaders = response.headers();
        bytesSent += response.content().readableBytes();
        if (route != null) {
            route.responseHeaders().apply(new NettyMutableHeaders(response.headers()));
        }
        status = response.status().code();
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
        finish(reason, keepAlive);
    }

    private void resetDownstream(ResponseFlag reason) {
        // Closing an HTTP/2 stream channel early resets it; for HTTP/1.1 the connection must go.
        ctx.close();
        finish(reason, false);
    }

    private void finish(ResponseFlag reason, boolean keepConnection) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (reason != ResponseFlag.NONE) {
            flag = reason;
        } else if (flag == ResponseFlag.UPSTREAM_TIMEOUT || flag == ResponseFlag.UPSTREAM_CONNECT_FAILURE
                || flag == ResponseFlag.UPSTREAM_CONNECTION_TERMINATION) {
            // A retry succeeded after earlier attempts failed: the request itself ended normally.
            flag = ResponseFlag.NONE;
        }
        cancelTimers();
        endAttempt();
        releaseRetry();
        body.discard();
        downstream.runtime().stats().request(downstream.inbound(), status, flag);
        if (!downstream.chain().accessLogs().isEmpty()) {
            accessLog();
        }
        ctx.channel().config().setAutoRead(true);
        downstream.requestFinished(this, keepConnection && requestComplete);
    }

    /** Hands this request's facts to the access logs; formatting happens on their writer threads. */
    private void accessLog() {
        long nanos = System.nanoTime() - startNanos;
        // An HTTP/2 stream's parent is its connection; an HTTP/1.1 connection's parent is the listener.
        var connection = downstream.http2() && ctx.channel().parent() != null ? ctx.channel().parent() : ctx.channel();
        AccessLogEntry entry = new AccessLogEntry(System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(nanos),
                head.method().name(), head.uri(), downstream.http2() ? "HTTP/2" : head.protocolVersion().text(), status,
                flag.code(), status == 0 ? "-" : flag.details(), bytesReceived, bytesSent,
                TimeUnit.NANOSECONDS.toMillis(nanos),
                endpoint == null ? null : endpoint.address(), cluster == null ? null : cluster.name(),
                route == null || route.name().isEmpty() ? null : route.name(),
                address(connection.localAddress()), address(connection.remoteAddress()),
                head.headers(), responseHeaders);
        for (AccessLogSpec spec : downstream.chain().accessLogs()) {
            AccessLogWriter writer = downstream.runtime().accessLogs().writer(spec.path());
            if (writer != null) {
                writer.submit(spec.format(), entry);
            }
        }
    }

    private static String address(java.net.SocketAddress address) {
        return address instanceof java.net.InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(address);
    }

    private void cancelTimers() {
        cancel(routeTimer);
        cancel(tryTimer);
        cancel(faultDelay);
    }

    private static void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
