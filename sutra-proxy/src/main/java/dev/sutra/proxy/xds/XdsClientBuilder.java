package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.proxy.config.Nullable;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** How to run an {@link XdsClient}; from {@link XdsClient#builder}. Setters check their argument at once. */
public final class XdsClientBuilder {

    final String host;
    final int port;
    final Node node;
    final ConfigApplier applier;
    @Nullable Path stateDirectory;
    Duration initialWait = Duration.ofSeconds(2);
    Backoff backoff = Backoff.DEFAULT;
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    Consumer<? super NettyChannelBuilder> channelCustomizer = b -> { };

    XdsClientBuilder(String host, int port, Node node, ConfigApplier applier) {
        this.host = requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        this.port = port;
        this.node = requireNonNull(node, "node");
        if (node.getId().isEmpty()) {
            throw new IllegalArgumentException("node.id: \"\" (expected: the proxy's node id)");
        }
        this.applier = requireNonNull(applier, "applier");
    }

    /**
     * Where the last accepted snapshot is persisted and read back at boot; without one, nothing is
     * persisted and a proxy that boots without its control plane waits for it.
     */
    public XdsClientBuilder stateDirectory(Path directory) {
        this.stateDirectory = requireNonNull(directory, "directory");
        return this;
    }

    /**
     * How long a booting proxy waits for the control plane's first config before it serves the
     * persisted snapshot, and how long clusters and listeners wait for the endpoints and routes
     * they name before they count as the first config without them (2 s by default).
     */
    public XdsClientBuilder initialWait(Duration wait) {
        requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("initialWait: " + wait + " (expected: >= 0)");
        }
        this.initialWait = wait;
        return this;
    }

    /** The delays between stream attempts ({@link Backoff#DEFAULT} by default). */
    public XdsClientBuilder backoff(Backoff backoff) {
        this.backoff = requireNonNull(backoff, "backoff");
        return this;
    }

    /** The channel's credentials: plaintext by default; TLS credentials for the control plane's TLS port. */
    public XdsClientBuilder credentials(ChannelCredentials credentials) {
        this.credentials = requireNonNull(credentials, "credentials");
        return this;
    }

    /**
     * Adjusts the channel after the client's own settings (an event loop group to share, keepalive,
     * authority override); called once, before the channel is built.
     */
    public XdsClientBuilder channelCustomizer(Consumer<? super NettyChannelBuilder> customizer) {
        this.channelCustomizer = requireNonNull(customizer, "customizer");
        return this;
    }

    /** Starts the client: it connects and subscribes in the background. */
    public XdsClient start() {
        XdsClient client = new XdsClient(this);
        client.start();
        return client;
    }
}
