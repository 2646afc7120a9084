package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's xDS client: one ADS stream (state of the world) to the control plane over grpc-java
 * on Netty, feeding every response as a whole candidate {@link XdsSnapshot} to a
 * {@link ConfigApplier} and ACKing or NACKing it.
 *
 * <p>CDS and LDS are subscribed by wildcard; EDS and RDS by the names the accepted clusters and
 * listeners refer to, following them as they change. A lost stream is reopened with exponential
 * backoff and full jitter, resubscribing with the versions already held. Each accepted snapshot is
 * persisted to the state directory; a proxy that gets no config within the initial wait at boot
 * serves the persisted one until the control plane answers.
 *
 * <p>Responses are handled on one dedicated thread ({@code sutra-xds-client}), never on gRPC or
 * Netty threads, one at a time. The accessors are safe from any thread.
 */
public final class XdsClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

    /** Responses for large meshes exceed gRPC's 4 MiB default; the control plane allows 64 MiB. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final ControlPlaneChannel channel;
    private final ScheduledExecutorService thread;
    private final AcceptedConfig config;
    private final Session session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread clientThread;

    XdsClient(XdsClientBuilder b) {
        String target = b.host.contains(":") ? "[" + b.host + "]:" + b.port : b.host + ":" + b.port;
        this.channel = new ControlPlaneChannel(() -> newChannel(b));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sutra-xds-client");
            t.setDaemon(true);
            clientThread = t;
            return t;
        });
        @Nullable SnapshotStore store = b.stateDirectory == null ? null : new SnapshotStore(b.stateDirectory);
        this.config = new AcceptedConfig(b.applier, store);
        this.session = new Session(target, channel, b.node, b.backoff, b.initialWait, thread, config, store);
    }

    /** A channel with its own TLS context (a fresh builder: the context is made from the credentials). */
    private static ManagedChannel newChannel(XdsClientBuilder b) {
        NettyChannelBuilder channelBuilder = NettyChannelBuilder.forAddress(b.host, b.port, b.credentials)
                // gRPC's callbacks only hand events to the client thread, so they may run on the event loop.
                .directExecutor()
                .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                // Finds a dead control plane behind a silent network; the server permits 5 s and up.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .userAgent("sutra-proxy");
        b.channelCustomizer.accept(channelBuilder);
        return channelBuilder.build();
    }

    /**
     * Reconnects on a new channel, so that the next handshake presents the client certificate the
     * proxy holds now (call it when the certificate changed). The stream ends and a new one
     * resubscribes with the versions held; unchanged resources are ACKed without applying them again.
     */
    public void reconnect(String why) {
        session.post(() -> session.reconnect(why));
    }

    /**
     * A builder for a client of the control plane at {@code host:port}.
     *
     * @param node what the proxy sends as its identity, e.g. from
     *     {@link dev.sutra.xds.node.NodeMetadata#toNode}
     * @param applier compiles and applies each candidate snapshot
     */
    public static XdsClientBuilder builder(String host, int port, Node node, ConfigApplier applier) {
        return new XdsClientBuilder(host, port, node, applier);
    }

    void start() {
        session.post(session::start);
    }

    /** The client's state now: connection, origin of the config, versions and NACKs per type. */
    public XdsStatus status() {
        return session.status();
    }

    /**
     * The snapshot in force: the last candidate accepted. Its resources are the ones the applier
     * last accepted; a response that changed only versions was not applied again.
     */
    public XdsSnapshot snapshot() {
        return config.snapshot();
    }

    /**
     * Completes once a first config is applied: the control plane's clusters and listeners with the
     * endpoints and routes they name (or without those still missing after the initial wait), or,
     * when nothing came from the control plane within the initial wait, the persisted snapshot.
     * Fails if the client is closed before. Readiness waits on it; dependent actions may run on the
     * client thread, so heavy ones belong in the {@code ...Async} variants.
     */
    public CompletableFuture<Void> firstApplied() {
        // A copy, so a caller completing it cannot fake readiness.
        return session.firstApplied().copy();
    }

    /** Closes the stream and the channel and stops the client thread. The config in force stays applied. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() == clientThread) {
            session.close();
        } else {
            try {
                thread.submit(session::close).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("closing the xDS client: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread.shutdownNow();
        channel.shutdown();
    }

    @Override
    public String toString() {
        return "XdsClient{" + session.status().controlPlane() + "}";
    }
}
