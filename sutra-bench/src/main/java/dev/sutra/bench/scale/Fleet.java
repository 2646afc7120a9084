package dev.sutra.bench.scale;

import dev.sutra.xds.node.NodeMetadata;
import dev.sutra.xds.node.ProxyNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The simulated sidecars: one ADS stream each, spread over a few shared gRPC channels (as many
 * proxies behind one load balancer would be). Responses are handled on the channels' event loops
 * (a direct executor): handling is light, and a loop that is busy stops reading, which bounds what
 * thousands of streams hold in memory when the control plane sends faster than they read.
 */
final class Fleet implements AutoCloseable {

    private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
    /**
     * A fixed HTTP/2 window per stream (no BDP auto-tuning): what the control plane may have in
     * flight to one simulated proxy, so thousands of them stay within the simulator's memory.
     */
    private static final int FLOW_CONTROL_WINDOW = 512 * 1024;
    private static final Duration POLL = Duration.ofMillis(2);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<SimulatedProxy> proxies = new ArrayList<>();

    Fleet(int xdsPort, List<ProxyNode> nodes, int channelCount) {
        for (int c = 0; c < channelCount; c++) {
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", xdsPort)
                    .usePlaintext()
                    .directExecutor()
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .flowControlWindow(FLOW_CONTROL_WINDOW)
                    .build());
        }
        for (ProxyNode node : nodes) {
            proxies.add(new SimulatedProxy(NodeMetadata.toNode(node)));
        }
    }

    int size() {
        return proxies.size();
    }

    /** Opens every proxy's stream, round robin over the channels. */
    void start() {
        for (int i = 0; i < proxies.size(); i++) {
            proxies.get(i).start(channels.get(i % channels.size()));
        }
    }

    /** Waits until every proxy satisfies {@code condition}; fails on a broken stream or timeout. */
    void await(Predicate<SimulatedProxy> condition, Duration timeout, String what)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (true) {
            // Proxies already seen satisfied stay so: resume the scan where it stopped.
            while (from < proxies.size() && condition.test(proxies.get(from))) {
                from++;
            }
            if (from == proxies.size()) {
                return;
            }
            checkStreams();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(what + ": " + (proxies.size() - from) + " of " + proxies.size()
                        + " proxies still waiting after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until no proxy has received anything for {@code quiet}. */
    void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long responses = sum(SimulatedProxy::responses);
            long now = System.nanoTime();
            if (responses != last) {
                last = responses;
                lastChange = now;
            } else if (now - lastChange >= quiet.toNanos()) {
                return;
            }
            checkStreams();
            if (now > deadline) {
                throw new TimeoutException("the control plane kept pushing for " + timeout.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    void arm(String type) {
        proxies.forEach(p -> p.arm(type));
    }

    List<SimulatedProxy> proxies() {
        return proxies;
    }

    long sum(ToLongFunction<SimulatedProxy> value) {
        long total = 0;
        for (SimulatedProxy p : proxies) {
            total += value.applyAsLong(p);
        }
        return total;
    }

    long max(ToLongFunction<SimulatedProxy> value) {
        long max = Long.MIN_VALUE;
        for (SimulatedProxy p : proxies) {
            max = Math.max(max, value.applyAsLong(p));
        }
        return max;
    }

    private void checkStreams() {
        for (SimulatedProxy p : proxies) {
            if (p.failure() != null) {
                throw new IllegalStateException("stream of " + p.id() + " failed: " + p.failure(), p.failure());
            }
        }
    }

    @Override
    public void close() {
        proxies.forEach(SimulatedProxy::close);
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
