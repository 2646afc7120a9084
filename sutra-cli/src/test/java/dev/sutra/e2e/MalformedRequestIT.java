package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.ProxyFixture;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests a proxy must refuse, as Envoy refuses them: 400 or 431 and a closed connection on
 * HTTP/1.1, a reset stream on HTTP/2; the next request on a fresh connection works, and nothing of
 * the bad request reaches the application.
 */
class MalformedRequestIT {

    @TempDir
    static Path dir;

    private static ControlPlaneFixture controlPlane;
    private static HttpBackend web;
    private static ProxyFixture webSidecar;
    private static ProxyFixture client;
    private static String host;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = ControlPlaneFixture.start(dir, "");
        web = HttpBackend.start("web-v1");
        webSidecar = ProxyFixture.builder("web").appPort("http", web.port()).noOutbound().controlPlane(controlPlane)
                .start();
        client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
        host = Mesh.host("web") + ":" + web.port();
        EndToEnd.awaitRoute(client, "http://" + host + "/");
    }

    @AfterAll
    static void stop() {
        client.close();
        webSidecar.close();
        web.close();
        controlPlane.close();
    }

    static Stream<Arguments> malformed() {
        String manyHeaders = "x-h: v\r\n".repeat(101);
        String bigHeader = "x-big: " + "a".repeat(61 * 1024) + "\r\n";
        return Stream.of(
                Arguments.of("content-length with transfer-encoding", "POST /upload HTTP/1.1\r\nHost: %s\r\n"
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("bad chunk size", "POST /upload HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("invalid header name", "GET / HTTP/1.1\r\nHost: %s\r\nBad Header: x\r\n\r\n", 400),
                Arguments.of("more than 100 headers", "GET / HTTP/1.1\r\nHost: %s\r\n" + manyHeaders + "\r\n", 431),
                Arguments.of("more than 60 KiB of headers", "GET / HTTP/1.1\r\nHost: %s\r\n" + bigHeader + "\r\n", 431));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedAndTheConnectionCloses(String name, String request, int status) throws Exception {
        long servedBefore = web.requests();
        String raw = HttpClients.raw(client.outboundPort(), request.formatted(host), Duration.ofSeconds(10));

        assertThat(raw).startsWith("HTTP/1.1 " + status).endsWith("<closed>");
        assertThat(web.requests()).as("nothing reached the application").isEqualTo(servedBefore);
        String next = HttpClients.raw(client.outboundPort(), "GET /next HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
        assertThat(next).startsWith("HTTP/1.1 200").contains("path=/next");
    }

    @Test
    void http2StreamsOverTheHeaderLimitsAreReset() throws Exception {
        Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("http").authority(host).path("/h2");
        for (int i = 0; i < 101; i++) {
            headers.add("x-h" + i, "v");
        }
        assertThat(H2cClient.exchange(client.outboundPort(), headers)).startsWith("RESET");
        assertThat(H2cClient.get(client.outboundPort(), host, "/after")).contains("path=/after");
    }
}
