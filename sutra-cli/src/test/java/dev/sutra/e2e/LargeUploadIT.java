package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.Ports;
import dev.sutra.testkit.SutraProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream: a 1 GiB upload passes through two sidecars that each run as their own process
 * with a 64 MiB heap. A proxy that buffered the body would die of OutOfMemoryError.
 */
class LargeUploadIT {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aGibibyteUploadStreamsOverMutualTlsThroughSidecarsWithSixtyFourMegabyteHeaps() throws Exception {
        Path jar = Path.of("target", "sutra.jar");
        try (ControlPlaneFixture controlPlane = ControlPlaneFixture.start(dir.resolve("cp"), "");
                HttpBackend web = HttpBackend.start("web-v1")) {
            int outbound = Ports.free();
            List<String> heap = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
            String cp = "127.0.0.1:" + controlPlane.tlsPort().orElseThrow();
            try (SutraProcess server = SutraProcess.start(jar, heap, List.of("proxy", "--service", "web",
                            "--app-port", Integer.toString(web.port()), "--inbound-port", Integer.toString(Ports.free()),
                            "--outbound-port", "0", "--admin-port", "0", "--control-plane", cp,
                            "--join-token", controlPlane.joinToken("default", "web"),
                            "--state-dir", dir.resolve("web").toString()), dir.resolve("web.log"));
                    SutraProcess client = SutraProcess.start(jar, heap, List.of("proxy", "--service", "uploader",
                            "--outbound-port", Integer.toString(outbound), "--inbound-port", Integer.toString(Ports.free()),
                            "--admin-port", "0", "--control-plane", cp,
                            "--join-token", controlPlane.joinToken("default", "uploader"),
                            "--state-dir", dir.resolve("client").toString()),
                            dir.resolve("client.log"))) {
                String host = Mesh.host("web") + ":" + web.port();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> HttpClients.raw(outbound, "GET / HTTP/1.1\r\nHost: " + host
                                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5)).startsWith("HTTP/1.1 200"));

                String response = upload(outbound, host, GIB);

                assertThat(response).as("server sidecar:\n%s\nclient sidecar:\n%s", server.output(), client.output())
                        .startsWith("HTTP/1.1 200").contains("bytes=" + GIB);
                assertThat(server.isAlive()).isTrue();
                assertThat(client.isAlive()).isTrue();
            }
        }
    }

    /** Sends {@code size} bytes as a Content-Length body and returns the whole response. */
    private static String upload(int port, String host, long size) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[256 * 1024];
            for (long sent = 0; sent < size; sent += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - sent));
            }
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
