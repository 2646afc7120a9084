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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Istio's HTTP fault injection, executed by the client's sidecar as Envoy's fault filter does it:
 * aborts answer with their status and flag FI without reaching the service, delays hold the request
 * (flag DI) before the route's timeout starts, percentages hold, and gRPC callers get a gRPC status.
 */
class FaultInjectionIT {

    private static final String WEB = Mesh.host("web");
    private static final String ECHO = Mesh.host("echo");

    private static final String FAULTS = Mesh.virtualService("web", WEB, """
            - match: [{headers: {x-fault: {exact: abort}}}]
              fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
              route: [{destination: {host: %1$s}}]
            - match: [{headers: {x-fault: {exact: delay}}}]
              fault: {delay: {fixedDelay: 1s, percentage: {value: 100}}}
              timeout: 500ms
              route: [{destination: {host: %1$s}}]
            - match: [{headers: {x-fault: {exact: half}}}]
              fault: {abort: {httpStatus: 500, percentage: {value: 50}}}
              route: [{destination: {host: %1$s}}]
            - route: [{destination: {host: %1$s}}]
            """.formatted(WEB)) + "---\n" + Mesh.virtualService("echo", ECHO, """
            - match: [{headers: {x-fault: {exact: grpc}}}]
              fault: {abort: {grpcStatus: RESOURCE_EXHAUSTED, percentage: {value: 100}}}
              route: [{destination: {host: %1$s}}]
            - match: [{headers: {x-fault: {exact: http}}}]
              fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
              route: [{destination: {host: %1$s}}]
            - route: [{destination: {host: %1$s}}]
            """.formatted(ECHO));

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend web;
    private static Server echo;
    private static ProxyFixture webSidecar;
    private static ProxyFixture echoSidecar;
    private static ProxyFixture client;
    private static HttpClient http;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, FAULTS);
        web = HttpBackend.start("web-v1");
        echo = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(EchoGrpc.service("echo-v1")).build().start();
        webSidecar = ProxyFixture.builder("web").servicePort("http", 8080, web.port()).noOutbound()
                .controlPlane(controlPlane).start();
        echoSidecar = ProxyFixture.builder("echo").servicePort("grpc", 9090, echo.getPort()).noOutbound()
                .controlPlane(controlPlane).start();
        client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        http = HttpClients.viaProxy(client.outboundPort());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", client.outboundPort())
                .overrideAuthority(ECHO + ":9090").usePlaintext().build();
        EndToEnd.awaitRoute(client, "http://" + WEB + ":8080/");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> say("", "ping").endsWith("ping"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        client.close();
        echoSidecar.close();
        webSidecar.close();
        echo.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        web.close();
        controlPlane.close();
    }

    private static HttpResponse<String> get(String fault) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + WEB + ":8080/r")).header("x-fault", fault)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String say(String fault, String text) {
        var ch = io.grpc.ClientInterceptors.intercept(channel,
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(faultHeader(fault)));
        return ClientCalls.blockingUnaryCall(ch, EchoGrpc.SAY, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                StringValue.of(text)).getValue();
    }

    private static io.grpc.Metadata faultHeader(String fault) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        if (!fault.isEmpty()) {
            headers.put(io.grpc.Metadata.Key.of("x-fault", io.grpc.Metadata.ASCII_STRING_MARSHALLER), fault);
        }
        return headers;
    }

    private static String stats() throws Exception {
        return HttpClients.get(HttpClient.newHttpClient(), client.adminUrl() + "/stats/prometheus").body();
    }

    @Test
    void anAbortAnswersWithItsStatusAndNeverReachesTheService() throws Exception {
        long served = web.requests();
        HttpResponse<String> aborted = get("abort");
        assertThat(aborted.statusCode()).isEqualTo(503);
        assertThat(aborted.body()).isEqualTo("fault filter abort");
        assertThat(web.requests()).isEqualTo(served);
        assertThat(stats()).contains("direction=\"outbound\",response_code=\"503\",response_flags=\"FI\"");

        // The next request on the same connection, without the fault's header, is served.
        HttpResponse<String> next = get("none");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(HttpClients.echo(next.body()).get("served-by")).isEqualTo("web-v1");
    }

    @Test
    void aDelayHoldsTheRequestAndTheRouteTimeoutStartsAfterIt() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> delayed = get("delay");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Delayed 1 s, yet not timed out by the route's 500 ms: Envoy starts that timer after the delay.
        assertThat(delayed.statusCode()).isEqualTo(200);
        assertThat(tookMillis).isGreaterThanOrEqualTo(1000);
        assertThat(stats()).contains("direction=\"outbound\",response_code=\"200\",response_flags=\"DI\"");
    }

    @Test
    void aFiftyPercentAbortAbortsAboutHalf() throws Exception {
        int aborted = 0;
        int requests = 400;
        for (int i = 0; i < requests; i++) {
            int code = get("half").statusCode();
            assertThat(code).isIn(200, 500);
            if (code == 500) {
                aborted++;
            }
        }
        // Binomial(400, 0.5): standard deviation 10, so this fails only when the draw is broken.
        assertThat(aborted).isBetween(150, 250);
    }

    @Test
    void gRpcCallersGetTheAbortsGrpcStatusOrTheHttpStatusMappedAsEnvoyMapsIt() {
        assertGrpcStatus(() -> say("grpc", "x"), Status.Code.RESOURCE_EXHAUSTED, "fault filter abort");
        assertGrpcStatus(() -> say("http", "x"), Status.Code.UNAVAILABLE, "fault filter abort");
        assertThat(say("", "still fine")).isEqualTo("echo-v1:still fine");
    }

    @Test
    void otherLocalRepliesReachGrpcCallersAsGrpcStatusesToo() throws InterruptedException {
        ManagedChannel nowhere = NettyChannelBuilder.forAddress("127.0.0.1", client.outboundPort())
                .overrideAuthority("nowhere.example.com:9090").usePlaintext().build();
        try {
            // No route: Envoy's 404 becomes UNIMPLEMENTED for a gRPC caller.
            assertGrpcStatus(() -> ClientCalls.blockingUnaryCall(nowhere, EchoGrpc.SAY,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), StringValue.of("x")),
                    Status.Code.UNIMPLEMENTED, null);
        } finally {
            nowhere.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertGrpcStatus(Executable call, Status.Code code, String description) {
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, call);
        assertThat(e.getStatus().getCode()).isEqualTo(code);
        if (description != null) {
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        }
    }
}
