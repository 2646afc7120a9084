package dev.sutra.controlplane.xds;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plaintext xDS v3 gRPC server (port 15010): ADS and the per-type services, for development
 * and proxyless gRPC clients. The TLS port (15012) serves the same {@link DiscoveryServices}.
 */
public final class XdsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XdsServer.class);

    /** Responses for large meshes exceed gRPC's 4 MiB default; requests never come close. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Server server;

    private XdsServer(Server server) {
        this.server = server;
    }

    /** Starts the plaintext port at {@code address} with {@code services}. */
    public static XdsServer start(InetSocketAddress address, DiscoveryServices services) throws IOException {
        NettyServerBuilder builder = serverBuilder(address);
        services.definitions().forEach(builder::addService);
        Server server = builder.build().start();
        log.info("xDS (ADS, plaintext) listening on {}:{}", address.getHostString(), server.getPort());
        return new XdsServer(server);
    }

    /** A server builder with the settings every xDS port shares: message size and keepalive. */
    public static NettyServerBuilder serverBuilder(InetSocketAddress address) {
        return NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** Stops a gRPC server, waiting a little for its calls to end. */
    public static void stop(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(server);
    }
}
