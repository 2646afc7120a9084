package dev.sutra.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.testkit.ControlPlaneFixture;
import dev.sutra.testkit.HttpBackend;
import dev.sutra.testkit.Ports;
import dev.sutra.testkit.ProxyFixture;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DestinationRule's outlier detection in the client's sidecar, as Envoy's: a host whose
 * application is down answers 503 (UF at its sidecar), is ejected after its consecutive 5xx, gets
 * no traffic while ejected, and comes back after the base ejection time (to be ejected again while
 * it still fails).
 */
class OutlierDetectionIT {

    private static final String WEB = Mesh.host("web");
    private static final String CLUSTER = "outbound|8080||" + WEB;

    private static final String CONFIG = Mesh.destinationRule("web", WEB, """
            trafficPolicy:
              loadBalancer: {simple: ROUND_ROBIN}
              outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 8s, maxEjectionPercent: 100}
            """);

    @TempDir
    Path dir;

    @Test
    void aFailingHostIsEjectedGetsNoTrafficAndComesBack() throws Exception {
        try (ControlPlaneFixture controlPlane = ControlPlaneFixture.start(dir, CONFIG);
                HttpBackend v2 = HttpBackend.start("web-v2")) {
            // v1's application is down: nothing listens on its port, so its sidecar answers 503 (UF).
            ProxyFixture v1Sidecar = ProxyFixture.builder("web").label("version", "v1")
                    .servicePort("http", 8080, Ports.free()).noOutbound().controlPlane(controlPlane).start();
            ProxyFixture v2Sidecar = ProxyFixture.builder("web").label("version", "v2")
                    .servicePort("http", 8080, v2.port()).noOutbound().controlPlane(controlPlane).start();
            ProxyFixture client = ProxyFixture.builder("client").controlPlane(controlPlane).start();
            try {
                String url = "http://" + WEB + ":8080/r";
                HttpClient http = HttpClients.viaProxy(client.outboundPort());
                EndToEnd.awaitServedBy(client, url, "web-v2");

                // The client's sidecar retries v1's 503s on v2 (Istio's default policy), so every request
                // succeeds, and ejects v1 after two 5xx in a row.
                for (int i = 0; i < 10; i++) {
                    assertThat(HttpClients.get(http, url).statusCode()).isEqualTo(200);
                }
                String v1Host = CLUSTER + "::127.0.0.1:" + v1Sidecar.inboundPort() + "::health_flags::";
                assertThat(clusters(client)).contains(v1Host + "/failed_outlier_check")
                        .contains(CLUSTER + "::127.0.0.1:" + v2Sidecar.inboundPort() + "::health_flags::healthy");
                assertThat(stats(client)).contains("sutra_outlier_ejections_total{cluster=\"" + CLUSTER + "\"} 1.0");

                // Ejected: v1's sidecar sees none of the next requests.
                long refused = inbound503(v1Sidecar);
                for (int i = 0; i < 20; i++) {
                    assertThat(HttpClients.echo(HttpClients.get(http, url).body()).get("served-by")).isEqualTo("web-v2");
                }
                assertThat(inbound503(v1Sidecar)).isEqualTo(refused);

                // After the base ejection time v1 is back in the rotation; still failing, it is ejected again.
                await().atMost(Duration.ofSeconds(30)).until(() -> clusters(client).contains(v1Host + "healthy"));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    HttpClients.get(http, url);
                    return stats(client).contains("sutra_outlier_ejections_total{cluster=\"" + CLUSTER + "\"} 2.0");
                });
                assertThat(inbound503(v1Sidecar)).isGreaterThan(refused);
            } finally {
                client.close();
                v2Sidecar.close();
                v1Sidecar.close();
            }
        }
    }

    private static String clusters(ProxyFixture proxy) throws Exception {
        return HttpClients.get(HttpClient.newHttpClient(), proxy.adminUrl() + "/clusters").body();
    }

    private static String stats(ProxyFixture proxy) throws Exception {
        return HttpClients.get(HttpClient.newHttpClient(), proxy.adminUrl() + "/stats/prometheus").body();
    }

    /** Requests the sidecar answered 503 UF on its inbound side (its application refused the connection). */
    private static long inbound503(ProxyFixture sidecar) throws Exception {
        Matcher m = Pattern.compile("sutra_http_requests_total\\{direction=\"inbound\",response_code=\"503\","
                + "response_flags=\"[A-Z]+\"} ([0-9.]+)").matcher(stats(sidecar));
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
