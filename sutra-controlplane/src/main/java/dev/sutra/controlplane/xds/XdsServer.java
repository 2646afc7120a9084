package dev.sutra.controlplane.xds;

import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS v3 gRPC server: ADS (and the per-type services, which share the cache) on
 * java-control-plane's stream handling, answered by {@link XdsCache}.
 */
public final class XdsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XdsServer.class);

    /** Responses for large meshes exceed gRPC's 4 MiB default; requests never come close. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Server server;

    private XdsServer(Server server) {
        this.server = server;
    }

    public static XdsServer start(InetSocketAddress address, XdsCache cache, StreamTracker streams)
            throws IOException {
        streams.attach(cache);
        V3DiscoveryServer discovery = new V3DiscoveryServer(streams, cache);
        Server server = NettyServerBuilder.forAddress(address)
                .addService(discovery.getAggregatedDiscoveryServiceImpl())
                .addService(discovery.getClusterDiscoveryServiceImpl())
                .addService(discovery.getEndpointDiscoveryServiceImpl())
                .addService(discovery.getListenerDiscoveryServiceImpl())
                .addService(discovery.getRouteDiscoveryServiceImpl())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        log.info("xDS (ADS, plaintext) listening on {}:{}", address.getHostString(), server.getPort());
        return new XdsServer(server);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
