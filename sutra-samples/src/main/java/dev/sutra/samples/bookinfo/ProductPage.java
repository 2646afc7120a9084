package dev.sutra.samples.bookinfo;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /productpage}: the page, assembled from details and reviews, fetched in parallel. A
 * failed upstream does not fail the page: it answers 200 with {@code {"error": ...}} in that
 * upstream's place, as Istio's productpage shows "Error fetching product details" and still renders.
 * So the page's status says whether productpage worked, and its body says which upstream did not.
 */
final class ProductPage implements Endpoint {

    private final String version;
    private final Upstream upstream;

    ProductPage(String version, Upstream upstream) {
        this.version = version;
        this.upstream = upstream;
    }

    @Override
    public OptionalInt productId(String path) {
        return path.equals("/productpage") ? OptionalInt.of(0) : OptionalInt.empty();
    }

    @Override
    public Reply serve(int id, Map<String, String> propagated) {
        CompletableFuture<UpstreamReply> details = upstream.get("details", "/details/" + id, propagated);
        CompletableFuture<UpstreamReply> reviews = upstream.get("reviews", "/reviews/" + id, propagated);
        Map<String, Object> body = Reply.body("productpage", version);
        body.put("id", id);
        String user = propagated.get("end-user");
        if (user != null) {
            body.put("user", user);
        }
        body.put("details", details.join().json());
        body.put("reviews", reviews.join().json());
        return Reply.ok(body);
    }

    @Override
    public void close() {
        upstream.close();
    }
}
