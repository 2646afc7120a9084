package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Forward to one of several clusters chosen by weight, as Envoy does: a value
 * {@code random mod total} selects the entry whose cumulative weight interval contains it, so an
 * entry of weight 0 is never chosen.
 *
 * @param clusters the entries in configuration order
 * @param totalWeight the sum of the weights (always positive)
 * @param randomValueHeader {@code header_name}: a request header whose single unsigned integer
 *     value replaces the random value; null when unset
 * @param forwarding timeouts, retries and rewrites shared by all entries
 */
public record WeightedClustersAction(
        List<ClusterWeight> clusters,
        long totalWeight,
        @Nullable String randomValueHeader,
        Forwarding forwarding) implements RouteAction {

    public WeightedClustersAction {
        clusters = List.copyOf(clusters);
    }

    /** Picks with a fresh random value. */
    public ClusterWeight pick() {
        return pick(ThreadLocalRandom.current().nextLong());
    }

    /**
     * Picks with a caller-supplied value; pass the value given to {@link RouteTable#route} to make
     * the same choice Envoy makes for a stream.
     */
    public ClusterWeight pick(long randomValue) {
        long selected = Long.remainderUnsigned(randomValue, totalWeight);
        long end = 0;
        for (int i = 0; i < clusters.size(); i++) {
            ClusterWeight c = clusters.get(i);
            end += c.weight();
            if (selected < end) {
                return c;
            }
        }
        throw new AssertionError("weights do not add up to " + totalWeight);
    }

    /**
     * Picks honouring {@link #randomValueHeader}: when the request carries exactly one value that
     * parses as an unsigned integer it replaces {@code randomValue} (a header that occurs several
     * times reaches us joined with commas and so does not parse, which is Envoy's rule too).
     */
    public ClusterWeight pick(RequestView request, long randomValue) {
        if (randomValueHeader != null) {
            String v = request.header(randomValueHeader);
            // Anything but one unsigned 64-bit integer falls back to the stream's random value.
            if (v != null && isUnsignedLong(v)) {
                return pick(Long.parseUnsignedLong(v));
            }
        }
        return pick(randomValue);
    }

    /** Checked up front so that a bad header costs no exception on the request path. */
    private static boolean isUnsignedLong(String v) {
        int n = v.length();
        if (n == 0 || n > 20) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return n < 20 || v.compareTo("18446744073709551615") <= 0;
    }
}
