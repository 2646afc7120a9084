package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.OutlierPolicy;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Outlier detection for one cluster, shared by every worker as Envoy's detector is: workers report
 * each upstream result; a host with {@code consecutive5xx} 5xx results (or {@code consecutiveGateway}
 * 502/503/504s) in a row is ejected, within {@code maxEjectionPercent} of the hosts but always one,
 * for the base ejection time times its number of ejections. Local failures count as Envoy counts
 * them without split local-origin errors: a connect failure or reset as 503, a timeout as 504.
 *
 * <p>Workers read {@link #version()} (one volatile read) and, when it moved, refresh their load
 * balancer with this detector as its {@link HealthOverlay}. Counting is lock-free; ejecting and
 * returning a host take the detector's lock, which only those rare events do.
 */
public final class OutlierDetector implements HealthOverlay {

    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetSocketAddress, Host> hosts = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong ejections = new AtomicLong();
    private int active;

    /** One host's counters and ejection state. */
    private static final class Host {
        final AtomicInteger consecutive5xx = new AtomicInteger();
        final AtomicInteger consecutiveGateway = new AtomicInteger();
        volatile boolean ejected;
        /** Guarded by the detector: ejections so far, decaying while the host stays healthy. */
        int multiplier;
        long returnedAt;
    }

    /**
     * @param timer where hosts are returned when their ejection time is over
     * @param nanoTime the clock ({@link System#nanoTime} outside tests)
     */
    public OutlierDetector(ScheduledExecutorService timer, LongSupplier nanoTime) {
        this.timer = timer;
        this.nanoTime = nanoTime;
    }

    /**
     * One result from {@code host}: an HTTP status it answered, or 503 for a connect failure or
     * reset and 504 for a timeout.
     *
     * @param hostCount the cluster's hosts now, for the ejection limit
     * @return whether this result ejected the host
     */
    public boolean result(InetSocketAddress host, int status, OutlierPolicy policy, int hostCount) {
        Host h = hosts.get(host);
        if (status < 500) {
            // The common case allocates nothing and writes only counters that are not already 0.
            if (h != null) {
                reset(h.consecutive5xx);
                reset(h.consecutiveGateway);
            }
            return false;
        }
        if (h == null) {
            h = hosts.computeIfAbsent(host, a -> new Host());
        }
        boolean gateway = status == 502 || status == 503 || status == 504;
        int gatewayFailures = gateway ? h.consecutiveGateway.incrementAndGet() : 0;
        if (!gateway) {
            reset(h.consecutiveGateway);
        }
        int failures = h.consecutive5xx.incrementAndGet();
        if (failures == policy.consecutive5xx() && enforced(policy.enforcing5xx())) {
            return eject(host, h, policy, hostCount);
        }
        if (gateway && gatewayFailures == policy.consecutiveGateway() && enforced(policy.enforcingGateway())) {
            return eject(host, h, policy, hostCount);
        }
        return false;
    }

    @Override
    public boolean isFailing(Endpoint endpoint) {
        return isEjected(endpoint.socketAddress());
    }

    public boolean isEjected(InetSocketAddress host) {
        Host h = hosts.get(host);
        return h != null && h.ejected;
    }

    /** Moves whenever a host is ejected or returned. */
    public long version() {
        return version.get();
    }

    /** Ejections since start (Envoy's {@code ejections_enforced_total}). */
    public long ejections() {
        return ejections.get();
    }

    /** Forgets hosts that left the cluster. */
    public synchronized void retainHosts(java.util.Set<InetSocketAddress> live) {
        for (var it = hosts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!live.contains(e.getKey())) {
                if (e.getValue().ejected) {
                    active--;
                }
                it.remove();
            }
        }
    }

    private synchronized boolean eject(InetSocketAddress address, Host h, OutlierPolicy policy, int hostCount) {
        if (h.ejected || hosts.get(address) != h) {
            return false;
        }
        reset(h.consecutive5xx);
        reset(h.consecutiveGateway);
        double percent = 100.0 * (active + 1) / Math.max(1, hostCount);
        if (percent > policy.maxEjectionPercent() && active > 0) {
            return false;
        }
        long now = nanoTime.getAsLong();
        // The multiplier fell by one for every interval the host spent back in service.
        if (h.multiplier > 0 && h.returnedAt != 0) {
            long intervals = (now - h.returnedAt) / Math.max(1, policy.interval().toNanos());
            h.multiplier = (int) Math.max(0, h.multiplier - intervals);
        }
        h.multiplier++;
        long base = policy.baseEjection().toNanos();
        long duration = Math.min(base * h.multiplier, Math.max(base, policy.maxEjection().toNanos()));
        h.ejected = true;
        active++;
        ejections.incrementAndGet();
        version.incrementAndGet();
        timer.schedule(() -> giveBack(h), duration, TimeUnit.NANOSECONDS);
        return true;
    }

    private synchronized void giveBack(Host h) {
        if (!h.ejected) {
            return;
        }
        h.ejected = false;
        h.returnedAt = nanoTime.getAsLong();
        if (hosts.containsValue(h)) {
            active--;
        }
        version.incrementAndGet();
    }

    private static boolean enforced(int percent) {
        return percent >= 100 || percent > 0 && ThreadLocalRandom.current().nextInt(100) < percent;
    }

    private static void reset(AtomicInteger counter) {
        if (counter.get() != 0) {
            counter.set(0);
        }
    }
}
