package dev.sutra.proxy.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC ADS server that a test drives by hand: it hands over each stream's requests and sends
 * exactly the responses the test gives it, so tests can check the client's requests field by field.
 */
final class ScriptedAdsServer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Server server;

    ScriptedAdsServer() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase() {
                    @Override
                    public StreamObserver<DiscoveryRequest> streamAggregatedResources(
                            StreamObserver<DiscoveryResponse> responses) {
                        Stream stream = new Stream(responses);
                        streams.add(stream);
                        return stream.requestObserver();
                    }
                })
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                })
                .build()
                .start();
    }

    /** How many connections clients have made so far. */
    int connections() {
        return connections.get();
    }

    int port() {
        return server.getPort();
    }

    /** The next stream a client opens. */
    Stream nextStream() throws InterruptedException {
        Stream s = streams.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no ADS stream opened within " + TIMEOUT);
        }
        return s;
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

    /** One client stream: its requests by type, in order, and a way to answer. */
    static final class Stream {
        private final StreamObserver<DiscoveryResponse> responses;
        private final List<DiscoveryRequest> all = new CopyOnWriteArrayList<>();
        private final Map<String, BlockingQueue<DiscoveryRequest>> byType = new ConcurrentHashMap<>();
        private final AtomicInteger nonces = new AtomicInteger();

        private Stream(StreamObserver<DiscoveryResponse> responses) {
            this.responses = responses;
        }

        private StreamObserver<DiscoveryRequest> requestObserver() {
            return new StreamObserver<>() {
                @Override
                public void onNext(DiscoveryRequest request) {
                    all.add(request);
                    queue(request.getTypeUrl()).add(request);
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }

        private BlockingQueue<DiscoveryRequest> queue(String type) {
            return byType.computeIfAbsent(type, t -> new LinkedBlockingQueue<>());
        }

        /** The next request of {@code type} on this stream. */
        DiscoveryRequest next(String type) throws InterruptedException {
            DiscoveryRequest r = queue(type).poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no " + type + " request within " + TIMEOUT + "; got " + all);
            }
            return r;
        }

        /** Every request so far, in arrival order. */
        List<DiscoveryRequest> all() {
            return List.copyOf(all);
        }

        /** Sends a response and returns its nonce. */
        synchronized String respond(String type, String version, Message... resources) {
            String nonce = "nonce-" + nonces.incrementAndGet();
            DiscoveryResponse.Builder r = DiscoveryResponse.newBuilder().setTypeUrl(type).setVersionInfo(version)
                    .setNonce(nonce);
            for (Message m : resources) {
                r.addResources(Any.pack(m));
            }
            responses.onNext(r.build());
            return nonce;
        }

        /** Ends the stream with an error, as a control plane going away would. */
        synchronized void fail(Status status) {
            responses.onError(status.asRuntimeException());
        }
    }
}
