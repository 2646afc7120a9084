package dev.sutra.samples.view;

import static java.util.Objects.requireNonNull;

/**
 * How much of a service's traffic one version answered.
 *
 * @param version the version label
 * @param responses responses it gave in the window
 * @param share its share of all responses with a version, 0 to 1 (0 when there were none)
 */
public record VersionShare(String version, long responses, double share) {

    public VersionShare {
        requireNonNull(version, "version");
    }
}
