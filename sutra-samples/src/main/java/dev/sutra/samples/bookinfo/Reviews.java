package dev.sutra.samples.bookinfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET /reviews/<id>}: two reviews. As in Istio's bookinfo, v1 shows no stars, v2 shows black
 * stars and v3 red ones, both from ratings; when ratings fails, the reviews still come back, with
 * the error in place of the stars.
 */
final class Reviews implements Endpoint {

    static final String REVIEWER_1 = "Reviewer1";
    static final String REVIEWER_2 = "Reviewer2";

    private final String version;
    /** Present for the versions that show stars. */
    private final Optional<Upstream> ratings;

    Reviews(String version, Optional<Upstream> ratings) {
        this.version = version;
        this.ratings = ratings;
    }

    /** Whether a version shows stars, and so calls ratings. */
    static boolean callsRatings(String version) {
        return !version.equals("v1");
    }

    /** The colour of the stars a version shows. */
    static String starColor(String version) {
        return version.equals("v3") ? "red" : "black";
    }

    @Override
    public OptionalInt productId(String path) {
        return Endpoint.idAfter("/reviews/", path);
    }

    @Override
    public Reply serve(int id, Map<String, String> propagated) {
        Map<String, Object> body = Reply.body("reviews", version);
        body.put("id", id);
        Map<String, Object> stars = Map.of();
        if (ratings.isPresent()) {
            UpstreamReply reply = ratings.get().get("ratings", "/ratings/" + id, propagated).join();
            body.put("ratings", reply.json());
            if (reply.ok() && reply.json().get("ratings") instanceof Map<?, ?> byReviewer) {
                stars = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : byReviewer.entrySet()) {
                    stars.put(String.valueOf(e.getKey()), e.getValue());
                }
            }
        }
        List<Object> reviews = new ArrayList<>();
        reviews.add(review(REVIEWER_1, "An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!", stars));
        reviews.add(review(REVIEWER_2, "Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.", stars));
        body.put("reviews", reviews);
        return Reply.ok(body);
    }

    private Map<String, Object> review(String reviewer, String text, Map<String, Object> stars) {
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("reviewer", reviewer);
        review.put("text", text);
        if (stars.get(reviewer) instanceof Number n) {
            Map<String, Object> rating = new LinkedHashMap<>();
            rating.put("stars", n);
            rating.put("color", starColor(version));
            review.put("rating", rating);
        }
        return review;
    }

    @Override
    public void close() {
        ratings.ifPresent(Upstream::close);
    }
}
