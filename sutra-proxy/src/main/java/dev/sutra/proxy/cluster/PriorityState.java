package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * Health-derived load balancing state of an {@link EndpointSet} under a {@link HealthOverlay}: the
 * healthy, degraded and per-locality host lists of every priority, how much load each priority
 * gets, and which priorities are in panic. Computed on refresh, read on every pick.
 *
 * <p>Priority load follows Envoy: a priority's health is
 * {@code min(100, overprovisioning_factor * healthy / hosts)} (draining hosts left out of
 * {@code hosts}); load goes to priorities in order until 100 is handed out, scaled up when their
 * summed availability is below 100, healthy availability before degraded. A priority is in panic
 * when less than {@code healthy_panic_threshold} percent of its hosts are healthy or degraded
 * (never when total availability is 100); when all are, load follows host counts instead.
 */
final class PriorityState {
    final Endpoint[][] all;
    final Endpoint[][] healthy;
    final Endpoint[][] degraded;
    final Endpoint[][][] healthyByLocality;
    final Endpoint[][][] degradedByLocality;
    /** Effective locality weights per priority, null where no locality pick is possible. */
    final double[][] healthyLocalityWeights;
    final double[][] degradedLocalityWeights;
    final int[] healthyLoad;
    final int[] degradedLoad;
    final boolean[] panic;

    private PriorityState(int levels) {
        all = new Endpoint[levels][];
        healthy = new Endpoint[levels][];
        degraded = new Endpoint[levels][];
        healthyByLocality = new Endpoint[levels][][];
        degradedByLocality = new Endpoint[levels][][];
        healthyLocalityWeights = new double[levels][];
        degradedLocalityWeights = new double[levels][];
        healthyLoad = new int[Math.max(1, levels)];
        degradedLoad = new int[Math.max(1, levels)];
        panic = new boolean[Math.max(1, levels)];
    }

    static PriorityState compute(EndpointSet set, HealthOverlay overlay, LbConfig config) {
        List<PriorityLevel> levels = set.priorities();
        int n = levels.size();
        PriorityState s = new PriorityState(n);
        int factor = set.overprovisioningFactor();
        int[] health = new int[n];
        int[] degradedAvailability = new int[n];
        int[] hostCounts = new int[n];
        for (int p = 0; p < n; p++) {
            PriorityLevel level = levels.get(p);
            s.all[p] = level.endpoints().toArray(new Endpoint[0]);
            int localities = level.localities().size();
            s.healthyByLocality[p] = new Endpoint[localities][];
            s.degradedByLocality[p] = new Endpoint[localities][];
            int[] eligibleCounts = new int[localities];
            List<Endpoint> h = new ArrayList<>();
            List<Endpoint> d = new ArrayList<>();
            long healthyWeight = 0;
            long degradedWeight = 0;
            long totalWeight = 0;
            int excluded = 0;
            for (int l = 0; l < localities; l++) {
                LocalityEndpoints loc = level.localities().get(l);
                List<Endpoint> lh = new ArrayList<>();
                List<Endpoint> ld = new ArrayList<>();
                for (Endpoint e : loc.endpoints()) {
                    EndpointHealth eh = effective(e, overlay);
                    long w = set.weightedPriorityHealth() ? e.weight() : 1;
                    if (eh == EndpointHealth.DRAINING) {
                        excluded++;
                        continue;
                    }
                    eligibleCounts[l]++;
                    totalWeight += w;
                    if (eh == EndpointHealth.HEALTHY) {
                        lh.add(e);
                        healthyWeight += w;
                    } else if (eh == EndpointHealth.DEGRADED) {
                        ld.add(e);
                        degradedWeight += w;
                    }
                }
                s.healthyByLocality[p][l] = lh.toArray(new Endpoint[0]);
                s.degradedByLocality[p][l] = ld.toArray(new Endpoint[0]);
                h.addAll(lh);
                d.addAll(ld);
            }
            s.healthy[p] = h.toArray(new Endpoint[0]);
            s.degraded[p] = d.toArray(new Endpoint[0]);
            hostCounts[p] = s.all[p].length - excluded;
            if (totalWeight > 0) {
                health[p] = (int) Math.min(100, factor * healthyWeight / totalWeight);
                degradedAvailability[p] = (int) Math.min(100, factor * degradedWeight / totalWeight);
            }
            if (config.localityWeighted()) {
                s.healthyLocalityWeights[p] = localityWeights(level, s.healthyByLocality[p],
                        eligibleCounts, s.healthy[p].length, factor);
                s.degradedLocalityWeights[p] = localityWeights(level, s.degradedByLocality[p],
                        eligibleCounts, s.degraded[p].length, factor);
            }
        }
        s.distribute(health, degradedAvailability);
        s.computePanic(health, degradedAvailability, hostCounts, config.healthyPanicThreshold());
        return s;
    }

    private static EndpointHealth effective(Endpoint e, HealthOverlay overlay) {
        EndpointHealth h = e.health();
        if ((h == EndpointHealth.HEALTHY || h == EndpointHealth.DEGRADED) && overlay.isFailing(e)) {
            return EndpointHealth.UNHEALTHY;
        }
        return h;
    }

    /**
     * A locality's effective weight is its configured weight scaled by its availability
     * ({@code eligible / hosts * overprovisioning}, capped at 1), as Envoy's locality WRR does.
     */
    private static @Nullable double[] localityWeights(PriorityLevel level, Endpoint[][] eligible,
            int[] hostCounts, int eligibleTotal, int factor) {
        if (eligibleTotal == 0) {
            return null;
        }
        double[] w = new double[eligible.length];
        boolean any = false;
        for (int l = 0; l < eligible.length; l++) {
            if (hostCounts[l] == 0) {
                continue;
            }
            double ratio = (double) eligible[l].length / hostCounts[l];
            w[l] = level.localities().get(l).weight() * Math.min(1.0, factor / 100.0 * ratio);
            any |= w[l] > 0;
        }
        return any ? w : null;
    }

    private void distribute(int[] health, int[] degradedAvailability) {
        int total = normalizedAvailability(health, degradedAvailability);
        if (total == 0) {
            return;
        }
        int firstHealthy = -1;
        int remaining = 100;
        for (int p = 0; p < health.length; p++) {
            if (firstHealthy < 0 && health[p] > 0) {
                firstHealthy = p;
            }
            healthyLoad[p] = Math.min(remaining, health[p] * 100 / total);
            remaining -= healthyLoad[p];
        }
        int firstDegraded = -1;
        for (int p = 0; p < degradedAvailability.length; p++) {
            if (firstDegraded < 0 && degradedAvailability[p] > 0) {
                firstDegraded = p;
            }
            degradedLoad[p] = Math.min(remaining, degradedAvailability[p] * 100 / total);
            remaining -= degradedLoad[p];
        }
        // Rounding leftovers go to the first available priority, healthy before degraded.
        if (remaining > 0) {
            if (firstHealthy >= 0) {
                healthyLoad[firstHealthy] += remaining;
            } else {
                degradedLoad[firstDegraded] += remaining;
            }
        }
    }

    private void computePanic(int[] health, int[] degradedAvailability, int[] hostCounts,
            int threshold) {
        int total = normalizedAvailability(health, degradedAvailability);
        if (threshold == 0 && total == 0) {
            // Panic disabled and nothing available: load must still add up, and nothing will be
            // found in P0's healthy hosts.
            healthyLoad[0] = 100;
            return;
        }
        boolean totalPanic = true;
        for (int p = 0; p < health.length; p++) {
            panic[p] = total != 100 && inPanic(p, hostCounts[p], threshold);
            totalPanic &= panic[p];
        }
        if (totalPanic) {
            loadByHostCount();
        }
    }

    private boolean inPanic(int p, int hostCount, int threshold) {
        double available = hostCount == 0 ? 0.0
                : 100.0 * healthy[p].length / hostCount + 100.0 * degraded[p].length / hostCount;
        return available < threshold;
    }

    /** Total panic: load by each priority's share of all hosts, whatever their health. */
    private void loadByHostCount() {
        int totalHosts = 0;
        for (Endpoint[] hosts : all) {
            totalHosts += hosts.length;
        }
        java.util.Arrays.fill(healthyLoad, 0);
        java.util.Arrays.fill(degradedLoad, 0);
        if (totalHosts == 0) {
            healthyLoad[0] = 100;
            return;
        }
        int remaining = 100;
        int firstNonEmpty = -1;
        for (int p = 0; p < all.length; p++) {
            if (firstNonEmpty < 0 && all[p].length > 0) {
                firstNonEmpty = p;
            }
            healthyLoad[p] = 100 * all[p].length / totalHosts;
            remaining -= healthyLoad[p];
        }
        healthyLoad[firstNonEmpty] += remaining;
    }

    private static int normalizedAvailability(int[] health, int[] degraded) {
        int sum = 0;
        for (int p = 0; p < health.length; p++) {
            sum += health[p] + degraded[p];
        }
        return Math.min(100, sum);
    }

    /**
     * Chooses a priority for {@code random} ({@code random mod 100 + 1} against cumulative loads,
     * healthy first): the priority shifted left by one, plus 1 when degraded hosts are to be used.
     */
    int choose(long random) {
        long hash = Long.remainderUnsigned(random, 100) + 1;
        int cumulative = 0;
        for (int p = 0; p < healthyLoad.length; p++) {
            cumulative += healthyLoad[p];
            if (hash <= cumulative) {
                return p << 1;
            }
        }
        for (int p = 0; p < degradedLoad.length; p++) {
            cumulative += degradedLoad[p];
            if (hash <= cumulative) {
                return (p << 1) | 1;
            }
        }
        return 0;
    }
}
