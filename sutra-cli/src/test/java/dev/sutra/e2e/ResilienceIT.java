package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.ca.RootPin;
import dev.sutra.proxy.xds.ConfigOrigin;
import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.Ports;
import dev.sutra.testkit.ProxyFixture;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane keeps serving, over mTLS, when the control plane is gone, even across a proxy
 * restart (with the certificate it kept); the control plane comes back with the same root.
 */
class ResilienceIT {

    @TempDir
    Path dir;

    @Test
    void trafficContinuesWhileTheControlPlaneIsDownAndARestartedProxyServesFromItsStateDir() throws Exception {
        int xdsPort = Ports.free();
        int tlsPort = Ports.free();
        Path clientState = Files.createDirectories(dir.resolve("client-state"));
        int outbound = Ports.free();
        try (HttpBackend web = HttpBackend.start("web-v1")) {
            String url = "http://" + Mesh.host("web") + ":" + web.port() + "/r";
            ControlPlaneFixture controlPlane = ControlPlaneFixture.builder(dir.resolve("cp")).ports(xdsPort, tlsPort)
                    .start();
            ProxyFixture webSidecar = ProxyFixture.builder("web").appPort("http", web.port()).noOutbound()
                    .controlPlane(controlPlane).stateDir(Files.createDirectories(dir.resolve("web-state"))).start();
            ProxyFixture client = ProxyFixture.builder("client").outboundPort(outbound).stateDir(clientState)
                    .controlPlane(controlPlane).start();
            EndToEnd.awaitRoute(client, url);
            RootPin root = controlPlane.ca().orElseThrow().signingRootPin();
            BigInteger clientSerial = client.proxy().identity().current().serial();

            controlPlane.close();
            HttpClient http = HttpClients.viaProxy(outbound);
            for (int i = 0; i < 50; i++) {
                assertThat(HttpClients.get(http, url).statusCode()).isEqualTo(200);
            }

            // The client's sidecar restarts while the control plane (and so the CA) is still down: it
            // serves, over mTLS, with the certificate and config it kept in its state directory.
            client.close();
            ProxyFixture restarted = ProxyFixture.builder("client").outboundPort(outbound).stateDir(clientState)
                    .persistedIdentity(tlsPort).initialWait(Duration.ofMillis(500)).start();
            assertThat(restarted.proxy().identity().current().serial()).isEqualTo(clientSerial);
            assertThat(restarted.proxy().xds().status().origin()).isEqualTo(ConfigOrigin.STALE_SNAPSHOT);
            EndToEnd.awaitRoute(restarted, url);
            for (int i = 0; i < 50; i++) {
                assertThat(HttpClients.get(HttpClients.viaProxy(outbound), url).statusCode()).isEqualTo(200);
            }

            // The control plane comes back on its port; the proxies take fresh config from it.
            ControlPlaneFixture back = ControlPlaneFixture.builder(dir.resolve("cp")).ports(xdsPort, tlsPort).start();
            assertThat(back.ca().orElseThrow().signingRootPin()).isEqualTo(root);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    restarted.proxy().xds().status().origin() == ConfigOrigin.CONTROL_PLANE);
            assertThat(HttpClients.get(HttpClients.viaProxy(outbound), url).statusCode()).isEqualTo(200);
            restarted.close();
            webSidecar.close();
            back.close();
        }
    }
}
