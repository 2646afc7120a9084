package dev.sutra.proxy.http;

import dev.sutra.proxy.router.MutableHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/** Route header mutations applied straight to Netty's headers. */
record NettyMutableHeaders(HttpHeaders headers) implements MutableHeaders {

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public void add(String name, String value) {
        headers.add(name, value);
    }

    @Override
    public void remove(String name) {
        headers.remove(name);
    }
}
