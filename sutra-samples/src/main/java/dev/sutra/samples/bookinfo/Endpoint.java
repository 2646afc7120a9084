package dev.sutra.samples.bookinfo;

import java.util.Map;
import java.util.OptionalInt;

/** What one service does with a request; one implementation per service. */
sealed interface Endpoint extends AutoCloseable permits ProductPage, Details, Reviews, Ratings {

    /** The product a request path asks for, or empty when this endpoint does not serve the path. */
    OptionalInt productId(String path);

    /**
     * Answers a request for a product. May block on upstream calls: apps run each request on a
     * virtual thread of its own.
     *
     * @param propagated the request's headers to pass on to upstream calls
     */
    Reply serve(int id, Map<String, String> propagated);

    @Override
    default void close() {
    }

    /** The id in {@code /<service>/<id>}: digits only, as bookinfo's paths carry. */
    static OptionalInt idAfter(String prefix, String path) {
        if (!path.startsWith(prefix) || path.length() == prefix.length()
                || path.length() - prefix.length() > 9) {
            return OptionalInt.empty();
        }
        int id = 0;
        for (int i = prefix.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            id = id * 10 + (c - '0');
        }
        return OptionalInt.of(id);
    }
}
