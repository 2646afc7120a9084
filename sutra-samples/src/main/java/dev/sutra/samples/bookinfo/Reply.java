package dev.sutra.samples.bookinfo;

import dev.sutra.samples.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response an endpoint gives: a status and a JSON body.
 *
 * @param status the HTTP status
 * @param json the body, a JSON object
 */
record Reply(int status, String json) {

    static Reply ok(Map<String, Object> body) {
        return new Reply(200, Json.write(body));
    }

    static Reply error(int status, String service, String version, String reason) {
        Map<String, Object> body = body(service, version);
        body.put("error", reason);
        return new Reply(status, Json.write(body));
    }

    /** A body that starts, like every body the apps send, by saying who answered. */
    static Map<String, Object> body(String service, String version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("version", version);
        return body;
    }
}
