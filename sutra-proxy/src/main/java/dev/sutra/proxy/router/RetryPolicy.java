package dev.sutra.proxy.router;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A compiled {@code RetryPolicy}. A route's own policy replaces its virtual host's entirely (values
 * are not merged), as in Envoy. Defaults are Envoy's: one retry, back-off from 25 ms up to ten
 * times the base interval, one host selection attempt.
 */
public final class RetryPolicy {
    private static final String PREVIOUS_HOSTS = "envoy.retry_host_predicates.previous_hosts";
    private static final String PREVIOUS_HOSTS_TYPE =
            "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate";

    private final Set<RetryOn> retryOn;
    private final int numRetries;
    private final @Nullable Duration perTryTimeout;
    private final @Nullable Duration perTryIdleTimeout;
    private final boolean[] retriableStatus = new boolean[600];
    private final int[] retriableStatusCodes;
    private final Duration backOffBase;
    private final Duration backOffMax;
    private final boolean avoidPreviousHosts;
    private final long hostSelectionMaxAttempts;

    private RetryPolicy(Set<RetryOn> retryOn, int numRetries, @Nullable Duration perTryTimeout,
            @Nullable Duration perTryIdleTimeout, int[] codes, Duration backOffBase,
            Duration backOffMax, boolean avoidPreviousHosts, long hostSelectionMaxAttempts) {
        this.retryOn = retryOn;
        this.numRetries = numRetries;
        this.perTryTimeout = perTryTimeout;
        this.perTryIdleTimeout = perTryIdleTimeout;
        this.retriableStatusCodes = codes;
        for (int code : codes) {
            if (code < retriableStatus.length) {
                retriableStatus[code] = true;
            }
        }
        this.backOffBase = backOffBase;
        this.backOffMax = backOffMax;
        this.avoidPreviousHosts = avoidPreviousHosts;
        this.hostSelectionMaxAttempts = hostSelectionMaxAttempts;
    }

    static RetryPolicy compile(io.envoyproxy.envoy.config.route.v3.RetryPolicy p, String path,
            CompileContext ctx) throws InvalidConfigException {
        EnumSet<RetryOn> on = EnumSet.noneOf(RetryOn.class);
        for (String token : p.getRetryOn().split(",")) {
            // Envoy skips tokens it does not know rather than refusing the route.
            RetryOn r = RetryOn.forToken(token.strip());
            if (r != null) {
                on.add(r);
            }
        }
        int retries = p.hasNumRetries() ? p.getNumRetries().getValue() : 1;
        Duration perTry = p.hasPerTryTimeout()
                ? zeroAsNull(ctx.millis(p.getPerTryTimeout(), path + ".per_try_timeout")) : null;
        Duration perTryIdle = p.hasPerTryIdleTimeout() ? zeroAsNull(
                ctx.millis(p.getPerTryIdleTimeout(), path + ".per_try_idle_timeout")) : null;
        int[] codes = p.getRetriableStatusCodesList().stream().mapToInt(Integer::intValue).toArray();
        Duration base = Duration.ofMillis(25);
        Duration max = null;
        if (p.hasRetryBackOff()) {
            var b = p.getRetryBackOff();
            if (!b.hasBaseInterval()) {
                throw ctx.error(path + ".retry_back_off.base_interval", "is required");
            }
            base = atLeastOneMilli(ctx.millis(b.getBaseInterval(),
                    path + ".retry_back_off.base_interval"));
            if (b.hasMaxInterval()) {
                max = atLeastOneMilli(ctx.millis(b.getMaxInterval(),
                        path + ".retry_back_off.max_interval"));
                if (max.compareTo(base) < 0) {
                    throw ctx.error(path + ".retry_back_off.max_interval",
                            "must be greater than or equal to base_interval");
                }
            }
        }
        if (max == null) {
            max = base.multipliedBy(10);
        }
        boolean previousHosts = false;
        for (int i = 0; i < p.getRetryHostPredicateCount(); i++) {
            var predicate = p.getRetryHostPredicate(i);
            String type = predicate.getTypedConfig().getTypeUrl();
            if (predicate.getName().equals(PREVIOUS_HOSTS) || type.endsWith("/" + PREVIOUS_HOSTS_TYPE)) {
                previousHosts = true;
            } else {
                throw ctx.error(path + ".retry_host_predicate[" + i + "]", "unsupported predicate "
                        + (predicate.getName().isEmpty() ? type : predicate.getName()));
            }
        }
        if (!p.getRetryPriority().getName().isEmpty() || p.getRetryPriority().hasTypedConfig()) {
            throw ctx.error(path + ".retry_priority", "retry priorities are not supported");
        }
        unsupported(p.getRetryOptionsPredicatesCount() > 0, "retry_options_predicates", path, ctx);
        unsupported(p.hasRateLimitedRetryBackOff(), "rate_limited_retry_back_off", path, ctx);
        unsupported(p.getRetriableHeadersCount() > 0, "retriable_headers", path, ctx);
        unsupported(p.getRetriableRequestHeadersCount() > 0, "retriable_request_headers", path, ctx);
        long attempts = p.getHostSelectionRetryMaxAttempts() > 0
                ? p.getHostSelectionRetryMaxAttempts() : 1;
        return new RetryPolicy(Collections.unmodifiableSet(on), retries, perTry, perTryIdle, codes,
                base, max, previousHosts, attempts);
    }

    private static void unsupported(boolean set, String field, String path, CompileContext ctx)
            throws InvalidConfigException {
        if (set) {
            throw ctx.error(path + "." + field, "not supported");
        }
    }

    private static @Nullable Duration zeroAsNull(Duration d) {
        return d.isZero() ? null : d;
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.isZero() ? Duration.ofMillis(1) : d;
    }

    /** The conditions that allow a retry. */
    public Set<RetryOn> retryOn() {
        return retryOn;
    }

    /** Whether {@code condition} allows a retry. */
    public boolean retriesOn(RetryOn condition) {
        return retryOn.contains(condition);
    }

    /** Maximum retries (not counting the first attempt); 1 when unset, as in Envoy. */
    public int numRetries() {
        return numRetries;
    }

    /** Timeout of each attempt, or null for none. */
    public @Nullable Duration perTryTimeout() {
        return perTryTimeout;
    }

    /** Idle timeout of each attempt, or null for none. */
    public @Nullable Duration perTryIdleTimeout() {
        return perTryIdleTimeout;
    }

    /** Whether {@code status} is one of {@code retriable_status_codes}. */
    public boolean isRetriableStatusCode(int status) {
        return status >= 0 && status < retriableStatus.length ? retriableStatus[status]
                : contains(retriableStatusCodes, status);
    }

    private static boolean contains(int[] codes, int status) {
        for (int c : codes) {
            if (c == status) {
                return true;
            }
        }
        return false;
    }

    /** The configured {@code retriable_status_codes}, in order. */
    public int[] retriableStatusCodes() {
        return retriableStatusCodes.clone();
    }

    /** Base of the exponential back-off between attempts. */
    public Duration backOffBase() {
        return backOffBase;
    }

    /** Cap of the back-off. */
    public Duration backOffMax() {
        return backOffMax;
    }

    /**
     * Whether a retry should avoid hosts already tried (the {@code previous_hosts} predicate, which
     * Istio configures by default).
     */
    public boolean avoidPreviousHosts() {
        return avoidPreviousHosts;
    }

    /** How many times host selection may be attempted to satisfy {@link #avoidPreviousHosts}. */
    public long hostSelectionMaxAttempts() {
        return hostSelectionMaxAttempts;
    }

    @Override
    public String toString() {
        return "RetryPolicy[retryOn=" + retryOn + ", numRetries=" + numRetries + ", perTryTimeout="
                + perTryTimeout + "]";
    }
}
