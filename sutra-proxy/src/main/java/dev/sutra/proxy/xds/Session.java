package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's life on its thread: opens ADS streams and reopens them with backoff, tracks whether
 * it is connected, hands responses to the {@link Exchange}, and decides when the first config is
 * in force (the control plane's, or after the initial wait a stale one). Every method but
 * {@link #post} and the accessors runs on the client thread.
 */
final class Session implements AdsStream.Events {

    private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

    private final String target;
    private final ControlPlaneChannel channel;
    private final Node node;
    private final Backoff backoff;
    private final Duration initialWait;
    private final ScheduledExecutorService thread;
    private final AcceptedConfig config;
    private final Exchange exchange;
    private final BootFallback fallback;
    private final CompletableFuture<Void> firstApplied = new CompletableFuture<>();
    private @Nullable AdsStream stream;
    private int retries;
    private boolean connected;
    private boolean warming;
    private boolean closed;
    private String lastFailure = "";
    private volatile XdsStatus status;

    Session(String target, ControlPlaneChannel channel, Node node, Backoff backoff, Duration initialWait,
            ScheduledExecutorService thread, AcceptedConfig config, @Nullable SnapshotStore store) {
        this.target = target;
        this.channel = channel;
        this.node = node;
        this.backoff = backoff;
        this.initialWait = initialWait;
        this.thread = thread;
        this.config = config;
        this.exchange = new Exchange(target, config);
        this.fallback = new BootFallback(target, initialWait, config, store);
        this.status = new XdsStatus(target, false, ConfigOrigin.NONE, null, config.statuses());
    }

    XdsStatus status() {
        return status;
    }

    CompletableFuture<Void> firstApplied() {
        return firstApplied;
    }

    /** Runs {@code task} on the client thread; dropped once the client is closed. */
    void post(Runnable task) {
        try {
            thread.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            log.debug("xDS client closed: dropping a task");
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Exception e) {
            // Exception, not RuntimeException: a checked one rethrown undeclared would vanish in the executor.
            log.error("xDS client: unexpected failure", e);
        }
    }

    void start() {
        thread.schedule(() -> run(this::initialWaitOver), initialWait.toNanos(), TimeUnit.NANOSECONDS);
        watchChannel();
        openStream();
    }

    private void openStream() {
        if (closed) {
            return;
        }
        ManagedChannel ch = channel.current();
        // The channel backs off its own reconnects, up to two minutes; this client's backoff decides.
        ch.resetConnectBackoff();
        stream = AdsStream.open(ch, node, this::post, this);
        if (ch.getState(false) == ConnectivityState.READY) {
            markConnected();
        }
        syncSubscriptions();
        publish();
    }

    /** Follows the channel's connectivity so that a stream on a ready connection counts as connected. */
    private void watchChannel() {
        ManagedChannel ch = channel.current();
        ConnectivityState state = ch.getState(false);
        if (closed || state == ConnectivityState.SHUTDOWN) {
            return;
        }
        if (state == ConnectivityState.READY && stream != null) {
            markConnected();
        }
        ch.notifyWhenStateChanged(state, () -> post(() -> {
            // A replaced channel's last news is not about the current one.
            if (ch == channel.current()) {
                watchChannel();
            }
        }));
    }

    /** A new channel and stream now (the client certificate changed). */
    void reconnect(String why) {
        if (closed) {
            return;
        }
        log.info("xDS: reconnecting to {} on a new connection ({})", target, why);
        AdsStream old = stream;
        stream = null;
        if (old != null) {
            old.cancel(why);
        }
        connected = false;
        channel.replace();
        watchChannel();
        openStream();
    }

    private void markConnected() {
        if (!connected) {
            connected = true;
            log.info("xDS connected to control plane {}", target);
            publish();
        }
    }

    @Override
    public void onResponse(AdsStream from, DiscoveryResponse response) {
        if (from != stream || closed) {
            return;
        }
        try {
            from.received(response);
            markConnected();
            exchange.handle(from, response);
            publish();
            maybeFirstApplied();
        } finally {
            from.requestNext();
        }
    }

    private void syncSubscriptions() {
        if (stream != null) {
            exchange.sync(stream);
        }
    }

    @Override
    public void onClose(AdsStream from, Status grpcStatus) {
        if (from != stream || closed) {
            return;
        }
        stream = null;
        if (from.responded()) {
            retries = 0;
        }
        Duration delay = backoff.delay(retries++, ThreadLocalRandom.current());
        lastFailure = describe(grpcStatus);
        if (connected) {
            log.info("xDS stream to {} lost: {}; reconnecting in {} ms", target, lastFailure, delay.toMillis());
        } else if (retries == 1) {
            log.info("cannot reach control plane {}: {}; retrying with backoff", target, lastFailure);
        } else {
            log.debug("cannot reach control plane {}: {}; retrying in {} ms", target, lastFailure, delay.toMillis());
        }
        connected = false;
        if (grpcStatus.getCode() == Status.Code.UNAUTHENTICATED || grpcStatus.getCode() == Status.Code.PERMISSION_DENIED) {
            // The credentials went in at the TLS handshake, and a connection made before the first
            // certificate arrived had none: the next stream must come on a new channel.
            channel.replace();
            watchChannel();
        }
        thread.schedule(() -> run(this::openStream), delay.toNanos(), TimeUnit.NANOSECONDS);
        publish();
    }

    /** Nothing from the control plane yet: the persisted snapshot, if any, is better than nothing. */
    private void initialWaitOver() {
        if (closed || firstApplied.isDone() || config.origin() != ConfigOrigin.NONE) {
            return;
        }
        if (fallback.loadStale(connected, lastFailure)) {
            syncSubscriptions();
            completeFirstApplied();
        }
        publish();
    }

    /**
     * Completes {@link #firstApplied} once the control plane's config is complete. EDS or RDS
     * resources may never come (the control plane has none by a name a cluster or listener uses),
     * so clusters and listeners that waited {@code initialWait} for them are served without them,
     * as Envoy ends warming after its initial fetch timeout.
     */
    private void maybeFirstApplied() {
        if (firstApplied.isDone() || config.origin() != ConfigOrigin.CONTROL_PLANE) {
            return;
        }
        if (config.complete()) {
            log.info("initial config from {} applied", target);
            completeFirstApplied();
        } else if (config.hasRoots() && !warming) {
            warming = true;
            thread.schedule(() -> run(this::warmingOver), initialWait.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void warmingOver() {
        if (!closed && !firstApplied.isDone() && config.origin() == ConfigOrigin.CONTROL_PLANE) {
            log.info("initial config from {} applied without {}, still missing after {} ms", target,
                    config.missing(), initialWait.toMillis());
            completeFirstApplied();
        }
    }

    /** Status first, so whoever waits on {@link #firstApplied} sees the state that completed it. */
    private void completeFirstApplied() {
        publish();
        firstApplied.complete(null);
    }

    void close() {
        closed = true;
        if (stream != null) {
            stream.cancel("xDS client closed");
            stream = null;
        }
        connected = false;
        firstApplied.completeExceptionally(
                new IllegalStateException("xDS client closed before any config was applied"));
        publish();
    }

    private void publish() {
        status = new XdsStatus(target, connected, config.origin(), config.staleSince(), config.statuses());
    }

    /** {@code UNAVAILABLE: io exception: Connection refused: /127.0.0.1:15010}. */
    static String describe(Status status) {
        StringBuilder b = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            b.append(": ").append(status.getDescription());
        }
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            b.append(": ").append(status.getCause().getMessage());
        }
        return b.toString();
    }
}
