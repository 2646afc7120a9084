package dev.sutra.samples.bookinfo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an upstream call gave: the upstream's JSON body, or {@code {"error": reason}} when the call
 * failed. Either way it is what the caller embeds in its own response, the way Istio's bookinfo
 * shows "Error fetching product reviews" instead of failing the page.
 *
 * @param ok whether the upstream answered 2xx with a JSON object
 * @param json the upstream's body, or the error object
 */
record UpstreamReply(boolean ok, Map<String, Object> json) {

    static UpstreamReply failed(String reason) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", reason);
        return new UpstreamReply(false, json);
    }
}
