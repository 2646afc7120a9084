package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.EchoGrpc;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * No blocking call on a sidecar's event loops, proved with BlockHound: every thread named
 * {@code sutra-worker-*} is marked non-blocking, and whatever blocks there (sleeping, parking,
 * socket or file I/O through the JDK's blocking APIs, a contended lock's park) is recorded with its
 * stack. It found a SecureRandom reading {@code /dev/urandom} for every x-request-id, Prometheus
 * exemplar sampling queueing on a shared executor, and TLS contexts built on first use. Traffic covers the data path's kinds over mTLS: HTTP/1.1 with bodies, retries after
 * refused connections, timeouts, faults, gRPC over HTTP/2, refused TLS peers, and a config change
 * mid-traffic. (Log lines written from event loops, such as a refused peer's, cannot be judged
 * here: the test JVM's console is the test runner's capture stream. The sidecar's logback
 * configuration hands them to a writer thread instead.)
 *
 * <p>BlockHound stays installed in this JVM for the integration tests that run after this one.
 */
class EventLoopBlockingIT {

    private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private static boolean sidecarLoop(Thread thread) {
        return thread.getName().startsWith("sutra-worker");
    }

    private static void install() {
        BlockHound.Builder builder = BlockHound.builder();
        // Netty's own integration (found as BlockHound finds it): its event loops are non-blocking,
        // with the allowances its maintainers vetted (arena locks, SSL delegated tasks, ...).
        ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
        builder.nonBlockingThreadPredicate(p -> p.or(EventLoopBlockingIT::sidecarLoop))
                // Netty 4.2's default allocator takes a StampedLock briefly when it grows a magazine
                // group under contention; Netty's integration does not list it yet.
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .blockingMethodCallback(method -> {
                    if (!sidecarLoop(Thread.currentThread())) {
                        // Other Netty loops in this JVM (the control plane's gRPC, test backends) are not under test.
                        return;
                    }
                    StringWriter stack = new StringWriter();
                    new Exception(method.toString()).printStackTrace(new PrintWriter(stack));
                    BLOCKED.add(stack.toString());
                })
                .install();
    }

    @Test
    void theDataPathNeverBlocksAnEventLoop() throws Exception {
        install();
        String web = Mesh.host("web");
        String echoHost = Mesh.host("echo");
        String config = Mesh.virtualService("web", web, """
                - match: [{uri: {prefix: /fault}}]
                  fault: {delay: {fixedDelay: 20ms, percentage: {value: 50}}, abort: {httpStatus: 503, percentage: {value: 50}}}
                  route: [{destination: {host: %1$s}}]
                - match: [{uri: {prefix: /slow}}]
                  timeout: 100ms
                  route: [{destination: {host: %1$s}}]
                - route: [{destination: {host: %1$s}}]
                """.formatted(web)) + "---\n" + Mesh.peerAuthentication("web", "STRICT");
        try (ControlPlaneFixture controlPlane = ControlPlaneFixture.start(dir, config);
                HttpBackend backend = HttpBackend.start("web-v1")) {
            Server echo = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(EchoGrpc.service("echo-v1")).build().start();
            ProxyFixture webSidecar = ProxyFixture.builder("web").servicePort("http", 8080, backend.port()).noOutbound()
                    .controlPlane(controlPlane).start();
            ProxyFixture echoSidecar = ProxyFixture.builder("echo").servicePort("grpc", 9090, echo.getPort())
                    .noOutbound().controlPlane(controlPlane).start();
            ProxyFixture client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", client.outboundPort())
                    .overrideAuthority(echoHost + ":9090").usePlaintext().build();
            try {
                HttpClient http = HttpClients.viaProxy(client.outboundPort());
                EndToEnd.awaitRoute(client, "http://" + web + ":8080/");
                for (int i = 0; i < 200; i++) {
                    assertThat(post(http, "http://" + web + ":8080/upload", "x".repeat(i * 100)).statusCode())
                            .isEqualTo(200);
                    assertThat(post(http, "http://" + web + ":8080/fault", "").statusCode()).isIn(200, 503);
                }
                for (int i = 0; i < 10; i++) {
                    assertThat(HttpClients.get(http, "http://" + web + ":8080/slow?ms=300").statusCode()).isEqualTo(504);
                    // A service with no listening application: refused connections, retried, then 503.
                    assertThat(HttpClients.get(http, "http://" + Mesh.host("nowhere") + ":8080/").statusCode())
                            .isIn(404, 503);
                }
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> say(channel, "ping").endsWith("ping"));
                for (int i = 0; i < 200; i++) {
                    assertThat(say(channel, "m" + i)).isEqualTo("echo-v1:m" + i);
                }
                // A peer without a client certificate is refused on the event loop.
                SSLContext anonymous = TlsPeers.client(null, controlPlane.ca().orElseThrow().trustBundle().roots());
                for (int i = 0; i < 20; i++) {
                    assertThat(TlsPeers.get(anonymous, webSidecar.inboundPort(), web)).startsWith("refused");
                }
                // A config change while requests flow: new routes, new clusters, drained old ones.
                controlPlane.apply(Mesh.subsets("web"));
                for (int i = 0; i < 100; i++) {
                    assertThat(HttpClients.get(http, "http://" + web + ":8080/r").statusCode()).isEqualTo(200);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                client.close();
                echoSidecar.close();
                webSidecar.close();
                echo.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        assertThat(BLOCKED).as("blocking calls on sutra-worker event loops").isEmpty();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String say(ManagedChannel channel, String text) {
        return ClientCalls.blockingUnaryCall(channel, EchoGrpc.SAY,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of(text)).getValue();
    }
}
