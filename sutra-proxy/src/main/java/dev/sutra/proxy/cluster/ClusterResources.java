package dev.sutra.proxy.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster's circuit-breaker counters, shared by every worker as Envoy's resource manager is:
 * requests in flight to the cluster and retries in flight. A request that would go over its
 * threshold is refused rather than queued. The thresholds come from the cluster config in force;
 * the counters outlive config updates, so an EDS or CDS push does not reset them.
 */
public final class ClusterResources {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    /** Takes a request slot if fewer than {@code max} are taken; release it with {@link #releaseRequest}. */
    public boolean tryAcquireRequest(long max) {
        return tryAcquire(requests, max);
    }

    public void releaseRequest() {
        requests.decrementAndGet();
    }

    /** Takes a retry slot if fewer than {@code max} are taken; release it with {@link #releaseRetry}. */
    public boolean tryAcquireRetry(long max) {
        return tryAcquire(retries, max);
    }

    public void releaseRetry() {
        retries.decrementAndGet();
    }

    /** Requests in flight now (for {@code /clusters}). */
    public long activeRequests() {
        return requests.get();
    }

    /** Retries in flight now (for {@code /clusters}). */
    public long activeRetries() {
        return retries.get();
    }

    private static boolean tryAcquire(AtomicLong counter, long max) {
        if (counter.incrementAndGet() <= max) {
            return true;
        }
        counter.decrementAndGet();
        return false;
    }
}
