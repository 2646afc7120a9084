package dev.sutra.samples.bookinfo;

import java.util.Map;
import java.util.OptionalInt;

/** {@code GET /details/<id>}: the book's details, from memory. */
final class Details implements Endpoint {

    private final String version;

    Details(String version) {
        this.version = version;
    }

    @Override
    public OptionalInt productId(String path) {
        return Endpoint.idAfter("/details/", path);
    }

    @Override
    public Reply serve(int id, Map<String, String> propagated) {
        Map<String, Object> body = Reply.body("details", version);
        body.put("id", id);
        body.put("title", "The Comedy of Errors");
        body.put("author", "William Shakespeare");
        body.put("year", 1595);
        body.put("type", "paperback");
        body.put("pages", 200);
        body.put("language", "English");
        return Reply.ok(body);
    }
}
