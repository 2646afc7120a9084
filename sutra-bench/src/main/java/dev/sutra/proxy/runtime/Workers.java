package dev.sutra.proxy.runtime;

import dev.sutra.proxy.cluster.OutlierDetector;
import dev.sutra.proxy.stats.ProxyStats;
import dev.sutra.proxy.tls.TlsContexts;
import dev.sutra.proxy.upstream.Connector;
import io.netty.channel.EventLoop;

/**
 * Builds the proxy's per-event-loop {@link WorkerState} outside a running proxy, for the
 * benchmarks: it lives in sutra-bench, in the proxy's package to reach the package-private
 * constructor, and nothing in the proxy uses it.
 */
public final class Workers {

    private Workers() {
    }

    /** A worker on {@code loop} without identity (plaintext upstreams), seeded with {@code seed}; outlier detectors it asks for run on {@code loop}. */
    public static WorkerState create(EventLoop loop, long seed) {
        return new WorkerState(loop, new Connector(new ProxyStats()), new TlsContexts(null), seed,
                cluster -> new OutlierDetector(loop, System::nanoTime));
    }
}
