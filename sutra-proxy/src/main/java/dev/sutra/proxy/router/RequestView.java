package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/**
 * What the router reads from a request, implemented over the codec's headers without copying.
 *
 * <p>Header matchers on the pseudo-headers {@code :authority}, {@code :path}, {@code :method} and
 * {@code :scheme} are answered from the dedicated accessors, as Envoy keeps them as headers; a
 * matcher on {@code host} reads {@link #authority()} too, since Envoy folds HTTP/1.1's
 * {@code Host} into {@code :authority}. {@link #header} is therefore only asked for regular
 * headers.
 */
public interface RequestView {

    /** {@code :authority}, or {@code Host} for HTTP/1.1, exactly as received; null when absent. */
    @Nullable
    String authority();

    /** The request-target in origin form, query included, e.g. {@code /a/b?x=1}. */
    String path();

    /** The method, e.g. {@code GET}. */
    String method();

    /** {@code :scheme} ({@code http} or {@code https}) as the connection manager sees it. */
    String scheme();

    /**
     * A regular header by lower-case name; when it occurs several times, the values joined with
     * {@code ","} in order (what Envoy matches against). Null when absent.
     */
    @Nullable
    String header(String lowerCaseName);
}
