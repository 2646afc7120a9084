package dev.sutra.samples.bookinfo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** {@code GET /ratings/<id>}: stars per reviewer, from memory. */
final class Ratings implements Endpoint {

    private final String version;

    Ratings(String version) {
        this.version = version;
    }

    @Override
    public OptionalInt productId(String path) {
        return Endpoint.idAfter("/ratings/", path);
    }

    @Override
    public Reply serve(int id, Map<String, String> propagated) {
        Map<String, Object> stars = new LinkedHashMap<>();
        stars.put(Reviews.REVIEWER_1, 5);
        stars.put(Reviews.REVIEWER_2, 4);
        Map<String, Object> body = Reply.body("ratings", version);
        body.put("id", id);
        body.put("ratings", stars);
        return Reply.ok(body);
    }
}
