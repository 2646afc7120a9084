package dev.sutra.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * Envoy's default request header limits: at most 100 headers and 60 KiB of names and values. Over
 * either, HTTP/1.1 gets 431 and a closed connection, HTTP/2 a reset stream.
 */
final class HttpLimits {

    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 60 * 1024;
    /** Netty's own cap on the header block sits above ours so that ours decides (and says 431). */
    static final int DECODER_MAX_HEADER_BYTES = 64 * 1024 + MAX_HEADERS * 4;
    static final int MAX_INITIAL_LINE = 16 * 1024;
    /** What is buffered of a request body so it can be sent again on a retry. */
    static final int RETRY_BUFFER_BYTES = 64 * 1024;

    private HttpLimits() {
    }

    /** Whether the headers are over Envoy's limits. */
    static boolean exceeded(HttpHeaders headers) {
        if (headers.size() > MAX_HEADERS) {
            return true;
        }
        long bytes = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            bytes += h.getKey().length() + h.getValue().length();
            if (bytes > MAX_HEADER_BYTES) {
                return true;
            }
        }
        return false;
    }
}
