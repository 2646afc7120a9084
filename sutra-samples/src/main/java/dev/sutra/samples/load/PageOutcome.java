package dev.sutra.samples.load;

import dev.sutra.samples.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one productpage response says: whether it succeeded (2xx), which reviews version answered,
 * and which upstream calls failed along the way ({@code details.error}, {@code reviews.error},
 * {@code reviews.ratings.error}), since productpage answers 200 with an error in the place of a
 * failed upstream.
 *
 * @param success whether productpage answered 2xx
 * @param reviewsVersion the reviews version in the page, or empty when reviews failed or was absent
 * @param upstreamErrors the services whose calls failed, in call order
 */
record PageOutcome(boolean success, String reviewsVersion, List<String> upstreamErrors) {

    private static final PageOutcome FAILED = new PageOutcome(false, "", List.of());

    /** A request that got no response at all. */
    static PageOutcome failed() {
        return FAILED;
    }

    /** Reads a response; a 2xx body that is not productpage's JSON is a success without a version. */
    static PageOutcome of(int status, String body) {
        if (status / 100 != 2) {
            return FAILED;
        }
        Map<String, Object> page;
        try {
            page = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            return new PageOutcome(true, "", List.of());
        }
        List<String> errors = new ArrayList<>(0);
        if (!(page.get("details") instanceof Map<?, ?> details) || details.containsKey("error")) {
            errors.add("details");
        }
        String version = "";
        if (page.get("reviews") instanceof Map<?, ?> reviews && !reviews.containsKey("error")) {
            version = reviews.get("version") instanceof String v ? v : "";
            if (reviews.get("ratings") instanceof Map<?, ?> ratings && ratings.containsKey("error")) {
                errors.add("ratings");
            }
        } else {
            errors.add("reviews");
        }
        return new PageOutcome(true, version, errors.isEmpty() ? List.of() : List.copyOf(errors));
    }
}
