package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRetry;
import java.util.Set;

/** Retry policies: attempts, timeouts and the conditions Envoy retries on. */
final class RetryRules {

    /** Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on values. */
    private static final Set<String> RETRY_ON = Set.of("5xx", "gateway-error", "reset", "reset-before-request",
            "connect-failure", "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers",
            "envoy-ratelimited", "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal",
            "resource-exhausted", "unavailable");

    /** The HTTP status codes that have a name; Istio accepts these as retry conditions too. */
    private static final Set<Integer> NAMED_STATUSES = Set.of(100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206,
            207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
            410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501,
            502, 503, 504, 505, 506, 507, 508, 510, 511);

    private RetryRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable HTTPRetry retries) {
        if (retries == null) {
            return;
        }
        int attempts = retries.getAttempts() == null ? 0 : retries.getAttempts();
        if (attempts < 0) {
            checks.invalid(path.child("attempts"), attempts, "0 or more");
        }
        // Zero attempts switches retries off, so anything else set beside it is a mistake.
        if (attempts == 0 && (retries.getPerTryTimeout() != null || !Nulls.isEmpty(retries.getRetryOn())
                || retries.getRetryRemoteLocalities() != null)) {
            checks.invalid(path.child("attempts"), attempts,
                    "1 or more when perTryTimeout, retryOn or retryRemoteLocalities is set; 0 disables retries");
        }
        Durations.check(checks, path.child("perTryTimeout"), retries.getPerTryTimeout());
        Durations.check(checks, path.child("backoff"), retries.getBackoff());
        String retryOn = retries.getRetryOn();
        if (Nulls.isEmpty(retryOn)) {
            return;
        }
        for (String condition : retryOn.split(",", -1)) {
            if (!RETRY_ON.contains(condition) && !isNamedStatus(condition)) {
                checks.error(path.child("retryOn"), Checks.show(condition) + " in " + Checks.show(retryOn)
                        + " (expected: comma-separated Envoy retry conditions like 5xx,connect-failure,reset "
                        + "or HTTP status codes, without spaces)");
            }
        }
    }

    private static boolean isNamedStatus(String condition) {
        if (condition.isEmpty() || condition.length() > 3 || !condition.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return NAMED_STATUSES.contains(Integer.parseInt(condition));
    }
}
