package dev.sutra.proxy.config;

/** The HTTP version a cluster's upstream connections speak. */
public enum UpstreamProtocol {
    /** HTTP/1.1 with keep-alive, one request per connection at a time. */
    HTTP1,
    /** HTTP/2, many requests multiplexed on one connection per event loop. */
    HTTP2
}
