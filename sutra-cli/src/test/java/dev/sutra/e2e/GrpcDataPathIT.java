package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.EchoGrpc;
import dev.sutra.testkit.ProxyFixture;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC through both sidecars, with grpc-java on both ends: unary calls with headers and trailers,
 * bidirectional streaming, and status codes, all carried intact.
 */
class GrpcDataPathIT {

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static Server server;
    private static ProxyFixture serverSidecar;
    private static ProxyFixture clientSidecar;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, "");
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(EchoGrpc.service("echo-v1")).build().start();
        serverSidecar = ProxyFixture.builder("echo").appPort("grpc", server.getPort()).noOutbound()
                .controlPlane(controlPlane).start();
        clientSidecar = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        // The application dials its sidecar and names the service in :authority.
        channel = NettyChannelBuilder.forAddress("127.0.0.1", clientSidecar.outboundPort())
                .overrideAuthority(Mesh.host("echo") + ":" + server.getPort())
                .usePlaintext()
                .build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> say("ping", new Metadata()).endsWith("ping"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow();
        clientSidecar.close();
        serverSidecar.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        controlPlane.close();
    }

    private static String say(String text, Metadata headers) {
        var ch = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(ch, EchoGrpc.SAY, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                StringValue.of(text)).getValue();
    }

    @Test
    void unaryCallsCarryHeadersAndTrailers() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("echo-user", Metadata.ASCII_STRING_MARSHALLER), "jason");
        AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        var ch = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers),
                MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers));
        String reply = ClientCalls.blockingUnaryCall(ch, EchoGrpc.SAY,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of("hello")).getValue();

        assertThat(reply).isEqualTo("echo-v1:hello");
        assertThat(responseHeaders.get().get(Metadata.Key.of("echo-user", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("jason");
        assertThat(trailers.get().get(EchoGrpc.SERVED_BY)).isEqualTo("echo-v1");
    }

    @Test
    void bidirectionalStreamsStayOpenAndInterleave() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ClientCall<StringValue, StringValue> call = channel.newCall(EchoGrpc.CHAT,
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        StreamObserver<StringValue> requests = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
            @Override
            public void onNext(StringValue value) {
                received.add(value.getValue());
            }

            @Override
            public void onError(Throwable t) {
                failure.set(t);
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        for (int i = 0; i < 5; i++) {
            requests.onNext(StringValue.of("m" + i));
            int expected = i + 1;
            // Each reply arrives before the next message is sent: the stream is live both ways.
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == expected);
        }
        requests.onCompleted();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(received).containsExactly("echo-v1:m0", "echo-v1:m1", "echo-v1:m2", "echo-v1:m3", "echo-v1:m4");
    }

    @Test
    void anUnknownMethodComesBackAsUnimplemented() {
        var method = EchoGrpc.SAY.toBuilder().setFullMethodName("sutra.testkit.Echo/Nope").build();
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, method,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of("x")));
        // A trailers-only answer from the server must reach the client as such.
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void manyConcurrentCallsShareTheSidecarConnections() throws Exception {
        List<String> replies = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    replies.add(say("t" + id + "-" + i, new Metadata()));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(replies).hasSize(200).allMatch(r -> r.startsWith("echo-v1:t"));
    }
}
