package dev.sutra.proxy.http;

import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.runtime.ProxyRuntime;
import dev.sutra.proxy.runtime.WorkerState;
import io.netty.channel.ChannelHandlerContext;

/** What a request needs from the connection or stream it arrived on. */
interface Downstream {

    ProxyRuntime runtime();

    WorkerState worker();

    ChannelHandlerContext ctx();

    /** The HTTP connection manager settings of the listener. */
    ListenerChain.Http chain();

    boolean inbound();

    /** Whether this is an HTTP/2 stream (else an HTTP/1.x connection). */
    boolean http2();

    /** {@code http} or {@code https}. */
    String scheme();

    /** The peer's IP address. */
    String remoteAddress();

    /** The request is over; the connection goes on (or closes when {@code keepAlive} is false). */
    void requestFinished(ProxiedRequest request, boolean keepAlive);

    /** The connection now carries an upgraded protocol (WebSocket): the HTTP handlers must go. */
    void upgraded();
}
