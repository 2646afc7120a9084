package dev.sutra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.EchoGrpc;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java's proxyless xDS client, a real third-party xDS peer, against a real control plane and
 * real gRPC servers. Config goes in through the {@code sutra} CLI, as an operator's would.
 */
class ProxylessGrpcIT {

    private static final String SERVICE = """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata: {name: greeter}
            spec:
              hosts: [greeter.default.svc.cluster.local]
              location: MESH_INTERNAL
              resolution: STATIC
              ports: [{number: 50051, name: grpc, protocol: GRPC}]
              workloadSelector: {labels: {app: greeter}}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: greeter-v1}
            spec: {address: 127.0.0.1, ports: {grpc: %d}, labels: {app: greeter, version: v1}}
            ---
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata: {name: greeter-v2}
            spec: {address: 127.0.0.1, ports: {grpc: %d}, labels: {app: greeter, version: v2}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: greeter}
            spec:
              host: greeter
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}}
            """;

    private static final String SPLIT = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: greeter}
            spec:
              hosts: [greeter]
              http:
              - match:
                - headers:
                    x-canary: {exact: "true"}
                route:
                - destination: {host: greeter, subset: v2}
              - route:
                - destination: {host: greeter, subset: v1}
                  weight: 80
                - destination: {host: greeter, subset: v2}
                  weight: 20
            """;

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static Server v1;
    private static Server v2;

    @BeforeAll
    static void start() throws Exception {
        v1 = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(EchoGrpc.service("v1")).build().start();
        v2 = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(EchoGrpc.service("v2")).build().start();
        controlPlane = ControlPlaneFixture.start(dir, SERVICE.formatted(v1.getPort(), v2.getPort()));

        CliRun bootstrap = CliRun.of("bootstrap", "grpc", "--control-plane", "127.0.0.1:" + controlPlane.xdsPort(),
                "--namespace", "default", "--name", "client-1");
        assertThat(bootstrap.exitCode()).isZero();
        // grpc-java reads its bootstrap once per JVM; only this class makes xDS channels.
        System.setProperty("io.grpc.xds.bootstrapConfig", bootstrap.out());

        Path vs = dir.resolve("greeter-vs.yaml");
        Files.writeString(vs, SPLIT);
        CliRun apply = CliRun.of("apply", "-f", vs.toString(), "--server", controlPlane.apiUrl());
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("virtualservice.networking.istio.io/greeter created");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        controlPlane.close();
        v1.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        v2.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ManagedChannel channel(String target) {
        return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    }

    private static String say(ManagedChannel channel, Metadata headers) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
        io.grpc.Channel ch = io.grpc.ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(ch, EchoGrpc.SAY, options, StringValue.of("hi")).getValue();
    }

    @Test
    void weightedSplitLandsWithinThreePointsOfEightyTwenty() {
        ManagedChannel channel = channel("xds:///greeter.default.svc.cluster.local:50051");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> say(channel, new Metadata()).endsWith(":hi"));
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                counts.merge(say(channel, new Metadata()), 1, Integer::sum);
            }
            // p = 0.2, n = 2000: one standard deviation is 0.9 points; 3 points is over 3 sigma.
            assertThat(counts.keySet()).containsOnly("v1:hi", "v2:hi");
            double v2Share = counts.get("v2:hi") / 2000.0;
            assertThat(v2Share).isBetween(0.17, 0.23);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aHeaderMatchRoutesToV2() {
        ManagedChannel channel = channel("xds:///greeter:50051");
        try {
            Metadata canary = new Metadata();
            canary.put(Metadata.Key.of("x-canary", Metadata.ASCII_STRING_MARSHALLER), "true");
            await().atMost(Duration.ofSeconds(30)).until(() -> say(channel, canary).endsWith(":hi"));
            for (int i = 0; i < 50; i++) {
                assertThat(say(channel, canary)).isEqualTo("v2:hi");
            }
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aBadApplyChangesNothingAndSaysWhy() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, SPLIT.replace("weight: 20", "weight: -20"));
        CliRun apply = CliRun.of("apply", "-f", bad.toString(), "--server", controlPlane.apiUrl());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains(bad + ":").contains("VirtualService default/greeter")
                .contains("spec.http[1].route[1].weight").contains("nothing applied");
        CliRun get = CliRun.of("get", "vs", "greeter", "-o", "yaml", "--server", controlPlane.apiUrl());
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).contains("weight: 20").doesNotContain("weight: -20");
    }

    @Test
    void getOfAMissingResourceFails() {
        CliRun get = CliRun.of("get", "vs", "nope", "--server", controlPlane.apiUrl());
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).contains("VirtualService default/nope not found");
    }
}
