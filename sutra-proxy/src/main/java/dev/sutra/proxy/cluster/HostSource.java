package dev.sutra.proxy.cluster;

import dev.sutra.proxy.config.Nullable;

/**
 * A list of hosts a pick can draw from (all, healthy or degraded hosts of a priority, or those of
 * one locality), with the per-list state of the balancing policy: an EDF schedule when weights
 * matter, else a round-robin cursor. Rebuilt on refresh.
 */
final class HostSource implements EdfScheduler.Weights {
    final Endpoint[] hosts;
    @Nullable EdfScheduler edf;
    /** Weights the schedule is driven by; this source's static weights unless replaced. */
    EdfScheduler.Weights weights = this;
    long cursor;

    HostSource(Endpoint[] hosts, long cursor) {
        this.hosts = hosts;
        this.cursor = cursor;
    }

    /** Static weights: the endpoints' configured {@code load_balancing_weight}. */
    @Override
    public double weight(int entry) {
        return hosts[entry].weight();
    }

    boolean weightsDiffer() {
        for (int i = 1; i < hosts.length; i++) {
            if (hosts[i].weight() != hosts[0].weight()) {
                return true;
            }
        }
        return false;
    }
}
