package dev.sutra.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what belongs to one connection and must not be forwarded (RFC 9110 §7.6.1): Connection
 * and every header it names, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade (unless an
 * upgrade is being proxied), TE other than {@code trailers}; and Netty's own {@code x-http2-*}
 * extension headers, which only describe how the message arrived.
 */
final class HopByHop {

    private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSIONS =
            HttpConversionUtil.ExtensionHeaderNames.values();

    private HopByHop() {
    }

    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        List<String> named = new ArrayList<>(2);
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.strip();
                if (!t.isEmpty() && !(keepUpgrade && t.equalsIgnoreCase("upgrade"))) {
                    named.add(t);
                }
            }
        }
        for (String n : named) {
            headers.remove(n);
        }
        if (!keepUpgrade) {
            headers.remove(HttpHeaderNames.CONNECTION);
            headers.remove(HttpHeaderNames.UPGRADE);
        }
        headers.remove("keep-alive");
        headers.remove("proxy-connection");
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        String te = headers.get(HttpHeaderNames.TE);
        if (te != null && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(te.strip())) {
            headers.remove(HttpHeaderNames.TE);
        }
        for (HttpConversionUtil.ExtensionHeaderNames ext : EXTENSIONS) {
            headers.remove(ext.text());
        }
    }
}
