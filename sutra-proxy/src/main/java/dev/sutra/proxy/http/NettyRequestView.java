package dev.sutra.proxy.http;

import dev.sutra.proxy.config.Nullable;
import dev.sutra.proxy.router.RequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/** What the router reads, straight from Netty's request head, without copying headers. */
final class NettyRequestView implements RequestView {

    private final HttpRequest request;
    private final String scheme;

    NettyRequestView(HttpRequest request, String scheme) {
        this.request = request;
        this.scheme = scheme;
    }

    @Override
    public @Nullable String authority() {
        return request.headers().get(HttpHeaderNames.HOST);
    }

    @Override
    public String path() {
        return request.uri();
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public @Nullable String header(String lowerCaseName) {
        List<String> values = request.headers().getAll(lowerCaseName);
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(",", values);
    }
}
